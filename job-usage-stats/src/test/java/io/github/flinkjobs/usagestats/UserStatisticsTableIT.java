package io.github.flinkjobs.usagestats;

import static io.github.flinkjobs.usagestats.UsageStatsFixtures.rows;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.withBatchRewrite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestPostgres;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upsert into {@code user_statistics} against a real PostgreSQL with the shared schema. */
class UserStatisticsTableIT {

    private static final Instant W1 = Instant.parse("2099-01-01T10:01:00Z");
    private static final Instant W2 = Instant.parse("2099-01-01T10:02:00Z");
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final TestDatabase database = TestPostgres.get().createDatabase();

    @BeforeEach
    void createSchema() {
        database.createTables();
    }

    private void upsertInOneBatch(String sql, List<UserStatistics> statistics) throws SQLException {
        try (Connection connection = DriverManager.getConnection(withBatchRewrite(database.jdbcUrl()),
                        database.user(), database.password());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            connection.setAutoCommit(false);
            for (UserStatistics row : statistics) {
                UserStatisticsTable.bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
            connection.commit();
        }
    }

    @Test
    void oneBatchMayHoldAUserSeveralTimesEvenWhenTheDriverRewritesBatches() throws SQLException {
        upsertInOneBatch(UserStatisticsTable.UPSERT, List.of(
                new UserStatistics("ana@example.com", 2 * HOUR, 1, W1),
                new UserStatistics("bob@example.com", HOUR + 1999, 1, W1),
                new UserStatistics("ana@example.com", 5 * HOUR, 3, W2),
                new UserStatistics("ana@example.com", 2 * HOUR, 1, W1)));

        assertThat(rows(database)).containsExactly(
                List.of("ana@example.com", 5 * 3600L, 3L, W2),
                List.of("bob@example.com", 3601L, 1L, W1));
    }

    @Test
    void theSameUpsertWrittenWithValuesFailsThere() {
        String withValues =
                UserStatisticsTable.UPSERT.replace("SELECT ?, ?, ?, ?, now()", "VALUES (?, ?, ?, ?, now())");
        assertThat(withValues).isNotEqualTo(UserStatisticsTable.UPSERT);

        assertThatThrownBy(() -> upsertInOneBatch(withValues, List.of(
                new UserStatistics("ana@example.com", 2 * HOUR, 1, W1),
                new UserStatistics("ana@example.com", 5 * HOUR, 3, W2))))
                .isInstanceOf(BatchUpdateException.class)
                .hasMessageContaining("cannot affect row a second time");
    }

    @Test
    void anOlderWindowNeverReplacesANewerTotalAndTheSameWindowDoes() throws SQLException {
        upsertInOneBatch(UserStatisticsTable.UPSERT, List.of(
                new UserStatistics("ana@example.com", 5 * HOUR, 3, W2),
                new UserStatistics("bob@example.com", HOUR, 1, W1)));

        upsertInOneBatch(UserStatisticsTable.UPSERT, List.of(
                new UserStatistics("ana@example.com", 2 * HOUR, 1, W1),
                new UserStatistics("bob@example.com", 3 * HOUR, 2, W1)));

        assertThat(rows(database)).containsExactly(
                List.of("ana@example.com", 5 * 3600L, 3L, W2),
                List.of("bob@example.com", 3 * 3600L, 2L, W1));
    }
}
