package io.github.flinkjobs.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestPostgres;
import io.github.flinkjobs.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL sink builder and start-up check against a real PostgreSQL. */
class JdbcConnectorsIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final JobSpec SPEC = new JobSpec("jdbc-test", "s",
            List.of(CommonOptions.JDBC_URL, CommonOptions.JDBC_USER, CommonOptions.JDBC_PASSWORD_FILE));

    /** A record as a job would write it. */
    public record Total(String key, long value) {
    }

    @TempDir
    Path temp;

    private final TestDatabase database = TestPostgres.get().createDatabase();

    private JobConfig config(TestDatabase db) {
        return JobConfig.parse(SPEC, new String[] {"--jdbc-url", db.jdbcUrl(), "--jdbc-user", db.user()},
                Map.of("JDBC_PASSWORD", db.password()));
    }

    @Test
    void upsertsRecordsAndAReplayLeavesTheTableUnchanged() throws Exception {
        String table = TestServices.randomName("totals");
        database.execute("CREATE TABLE " + table + " (k text PRIMARY KEY, v bigint NOT NULL)");
        JobConfig config = config(database);
        JdbcConnectors.requireTable(config, table, "k");
        String upsert = "INSERT INTO " + table + " (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v";
        List<Total> totals = List.of(new Total("a", 1), new Total("b", 2), new Total("a", 3), new Total("ü", 4));

        for (int run = 0; run < 2; run++) {
            StreamExecutionEnvironment env = FlinkTestCluster.environment();
            env.fromData(totals)
                    .keyBy(Total::key)
                    .sinkTo(JdbcConnectors.sink(config, upsert, (statement, total) -> {
                        statement.setString(1, total.key());
                        statement.setLong(2, total.value());
                    }));
            env.execute("jdbc-upsert");

            assertThat(database.query("SELECT k, v FROM " + table + " ORDER BY k"))
                    .containsExactly(List.of("a", 3L), List.of("b", 2L), List.of("ü", 4L));
        }
    }

    @Test
    void aMissingTableIsAClearConfigurationError() {
        assertThatThrownBy(() -> JdbcConnectors.requireTable(config(database), "word_counts", "window_start", "word"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("table word_counts does not exist in " + database.jdbcUrl()
                        + ": create it with sql/schema.sql");
    }

    @Test
    void aTableOutsideTheSearchPathIsMissingAndOneWithAnotherKeyIsAClearError() {
        database.execute("CREATE SCHEMA elsewhere");
        database.execute("CREATE TABLE elsewhere.word_counts (window_start timestamptz, word text,"
                + " PRIMARY KEY (window_start, word))");
        assertThatThrownBy(() -> JdbcConnectors.requireTable(config(database), "word_counts", "window_start", "word"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("table word_counts does not exist in ");

        database.execute("CREATE TABLE word_counts (window_start timestamptz, word text PRIMARY KEY)");
        assertThatThrownBy(() -> JdbcConnectors.requireTable(config(database), "word_counts", "window_start", "word"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("table word_counts in " + database.jdbcUrl() + " has primary key [word], expected"
                        + " [window_start, word]: create it with sql/schema.sql");
    }

    @Test
    void theSchemaFileCreatesTheTablesTheJobsCheckFor() {
        database.createTables();
        database.createTables(); // re-runnable

        JdbcConnectors.requireTable(config(database), "word_counts", "window_start", "word");
        JdbcConnectors.requireTable(config(database), "user_statistics", "email_address");
    }

    @Test
    void anUnreachableDatabaseIsAClearErrorThatDoesNotShowThePassword() {
        String unreachable = "jdbc:postgresql://127.0.0.1:1/flink";
        JobConfig config = JobConfig.parse(SPEC, new String[] {"--jdbc-url", unreachable, "--jdbc-user", "flink"},
                Map.of("JDBC_PASSWORD", "s3cret-value"));

        assertThatThrownBy(() -> JdbcConnectors.requireTable(config, "word_counts", "window_start", "word"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot connect to " + unreachable + " (--jdbc-url): ")
                .hasMessageNotContaining("s3cret-value");
        JobConfig inUrl = JobConfig.parse(SPEC, new String[] {"--jdbc-url", unreachable + "?password=s3cret-value"},
                Map.of());
        assertThatThrownBy(() -> JdbcConnectors.requireTable(inUrl, "word_counts", "window_start", "word"))
                .hasMessageStartingWith("cannot connect to " + unreachable + "?password=****** (--jdbc-url): ")
                .hasMessageNotContaining("s3cret-value");
        assertThat(inUrl.effectiveParameters()).containsEntry("jdbc-url", unreachable + "?password=******");
    }

    @Test
    void thePasswordCanComeFromAFile() throws Exception {
        Path passwordFile = Files.writeString(temp.resolve("password"), database.password() + "\n");
        JobConfig config = JobConfig.parse(SPEC, new String[] {"--jdbc-url", database.jdbcUrl(), "--jdbc-user",
                database.user(), "--jdbc-password-file", passwordFile.toString()}, Map.of());
        database.createTables();

        JdbcConnectors.requireTable(config, "word_counts", "window_start", "word");
    }
}
