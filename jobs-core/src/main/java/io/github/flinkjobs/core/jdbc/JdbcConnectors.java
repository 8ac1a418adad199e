package io.github.flinkjobs.core.jdbc;

import static io.github.flinkjobs.core.config.CommonOptions.JDBC_PASSWORD_FILE;
import static io.github.flinkjobs.core.config.CommonOptions.JDBC_URL;
import static io.github.flinkjobs.core.config.CommonOptions.JDBC_USER;

import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Builds the suite's PostgreSQL sinks from {@code --jdbc-url}, {@code --jdbc-user} and the password (environment
 * variable {@code JDBC_PASSWORD} or {@code --jdbc-password-file}, never the command line); no job builds one itself.
 *
 * <p>Sinks write in batches of up to {@value #BATCH_SIZE} statements, flushed at least every second and on every
 * checkpoint (at-least-once); jobs make that exactly-once in effect with idempotent upserts
 * ({@code INSERT ... ON CONFLICT ... DO UPDATE}). One batch may hold the same key twice, so write an upsert as
 * {@code INSERT INTO t (...) SELECT ?, ... ON CONFLICT ...}, not {@code INSERT ... VALUES}: the driver's
 * {@code reWriteBatchedInserts=true} (which a user may put in the URL) merges a batch of {@code VALUES} inserts into
 * one multi-row statement that PostgreSQL refuses when it holds a key twice ("cannot affect row a second time"),
 * and leaves {@code INSERT ... SELECT} statements alone.
 */
public final class JdbcConnectors {

    /** Most statements in one JDBC batch. */
    public static final int BATCH_SIZE = 500;

    /** How long start-up checks wait for the database. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final String PASSWORD_VARIABLE = "JDBC_PASSWORD";

    private JdbcConnectors() {
    }

    /** Whether the job should write to PostgreSQL ({@code --jdbc-url} or {@code JDBC_URL} is set). */
    public static boolean enabled(JobConfig config) {
        return config.has(JDBC_URL);
    }

    /**
     * A sink running {@code sql} for each record, its parameters set by {@code statement}; a PostgreSQL that fails
     * makes the job restart, never its TaskManager stop ({@link FailSafeJdbcSink}).
     */
    public static <T> Sink<T> sink(JobConfig config, String sql, JdbcStatementBuilder<T> statement) {
        return new FailSafeJdbcSink<>(JdbcSink.<T>builder()
                .withQueryStatement(sql, statement)
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(BATCH_SIZE)
                        .withBatchIntervalMs(1000)
                        .withMaxRetries(3)
                        .build())
                .buildAtLeastOnce(connectionOptions(config)));
    }

    /**
     * Checks, before the job is submitted, that the database answers and that {@code table} is visible to the user
     * (in its search path) with exactly {@code primaryKey} as its primary key, which the job's
     * {@code ON CONFLICT} upsert needs; so a missing or different schema is one clear line instead of a job
     * restarting on the cluster.
     *
     * @throws ConfigException when the database cannot be reached or the table is missing or has another key
     */
    public static void requireTable(JobConfig config, String table, String... primaryKey) {
        String url = config.get(JDBC_URL);
        Optional<String> password = password(config);
        String shownUrl = JobConfig.mask(url, List.of());
        Properties properties = new Properties();
        config.getOptional(JDBC_USER).ifPresent(user -> properties.setProperty("user", user));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        Set<String> key = new TreeSet<>();
        boolean exists;
        try (Connection connection = DriverManager.getConnection(url, properties);
                PreparedStatement query = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL,"
                        + " (SELECT array_agg(a.attname::text) FROM pg_index i JOIN pg_attribute a"
                        + " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                        + " WHERE i.indrelid = to_regclass(?) AND i.indisprimary)")) {
            query.setString(1, table);
            query.setString(2, table);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                exists = result.getBoolean(1);
                Array columns = result.getArray(2);
                if (columns != null) {
                    key.addAll(List.of((String[]) columns.getArray()));
                }
            }
        } catch (SQLException e) {
            throw new ConfigException("cannot connect to " + shownUrl + " (--jdbc-url): "
                    + JobConfig.mask(e.getMessage(), List.of()));
        }
        if (!exists) {
            throw new ConfigException("table " + table + " does not exist in " + shownUrl
                    + ": create it with sql/schema.sql");
        }
        if (!key.equals(new TreeSet<>(List.of(primaryKey)))) {
            throw new ConfigException("table " + table + " in " + shownUrl + " has primary key " + key + ", expected "
                    + new TreeSet<>(List.of(primaryKey)) + ": create it with sql/schema.sql");
        }
    }

    static JdbcConnectionOptions connectionOptions(JobConfig config) {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder options =
                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(config.get(JDBC_URL))
                        .withDriverName("org.postgresql.Driver");
        config.getOptional(JDBC_USER).ifPresent(options::withUsername);
        password(config).ifPresent(options::withPassword);
        return options.build();
    }

    /** The password: {@code --jdbc-password-file}, or environment variable {@code JDBC_PASSWORD}. */
    private static Optional<String> password(JobConfig config) {
        return config.secret(PASSWORD_VARIABLE, JDBC_PASSWORD_FILE);
    }
}
