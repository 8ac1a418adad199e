package io.github.flinkjobs.usagestats;

import io.github.flinkjobs.core.model.UserStatistics;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The upsert of a user's statistics into PostgreSQL table {@value #TABLE} ({@code sql/schema.sql}): one row per
 * user, replaced only by the total of the same or a later window ({@code WHERE user_statistics.window_end <=
 * EXCLUDED.window_end}), so a replay after a restart, or a backfill of older data, never overwrites a newer total.
 *
 * <p>The row is written as {@code INSERT ... SELECT ?, ...} rather than {@code INSERT ... VALUES (?, ...)}: the
 * PostgreSQL driver's {@code reWriteBatchedInserts=true} turns a batch of {@code VALUES} inserts into one multi-row
 * statement, which PostgreSQL refuses when it holds the same user twice ("ON CONFLICT DO UPDATE command cannot affect
 * row a second time"), as a batch does whenever several windows of a user fire within one flush. Without a
 * {@code VALUES} clause the driver leaves each row its own statement, run in order, with that setting too.
 */
final class UserStatisticsTable {

    static final String TABLE = "user_statistics";

    static final String UPSERT = "INSERT INTO " + TABLE
            + " (email_address, total_flight_duration_seconds, number_of_flights, window_end, updated_at)"
            + " SELECT ?, ?, ?, ?, now()"
            + " ON CONFLICT (email_address) DO UPDATE SET"
            + " total_flight_duration_seconds = EXCLUDED.total_flight_duration_seconds,"
            + " number_of_flights = EXCLUDED.number_of_flights,"
            + " window_end = EXCLUDED.window_end,"
            + " updated_at = EXCLUDED.updated_at"
            + " WHERE " + TABLE + ".window_end <= EXCLUDED.window_end";

    private UserStatisticsTable() {
    }

    /** Sets the upsert's parameters; the total duration is stored in whole seconds, rounded down. */
    static void bind(PreparedStatement statement, UserStatistics statistics) throws SQLException {
        statement.setString(1, statistics.emailAddress());
        statement.setLong(2, statistics.totalFlightDurationMillis() / 1000);
        statement.setLong(3, statistics.numberOfFlights());
        statement.setObject(4, OffsetDateTime.ofInstant(statistics.windowEnd(), ZoneOffset.UTC));
    }
}
