package io.github.flinkjobs.wordcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestPostgres;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's upsert into {@code word_counts} against a real PostgreSQL, with a JDBC URL that turns on the driver's
 * {@code reWriteBatchedInserts}: a window that fires again for a late record puts its row into the same batch twice,
 * which a rewritten {@code INSERT ... VALUES ... ON CONFLICT} batch cannot hold. A row is only ever raised to a
 * larger count: a replayed older firing leaves it as it is, and so does the same count written again.
 */
class WordCountUpsertIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final Instant W0 = Instant.parse("2099-01-01T10:15:00Z");
    private static final Instant W1 = Instant.parse("2099-01-01T10:15:05Z");
    private static final Instant W2 = Instant.parse("2099-01-01T10:15:10Z");

    /** An on-time firing, another word, the late firing of the same window and word, and the next window. */
    private static final List<WordCount> FIRINGS = List.of(
            new WordCount("cat", 1, W0, W1),
            new WordCount("dog", 2, W0, W1),
            new WordCount("cat", 3, W0, W1),
            new WordCount("cat", 1, W1, W2));

    private static final List<List<Object>> ROWS = List.of(
            List.of("cat", 3L, W0, W1), List.of("dog", 2L, W0, W1), List.of("cat", 1L, W1, W2));

    private final TestDatabase database = TestPostgres.get().createDatabase();

    private final String rewritingUrl = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?")
            + "reWriteBatchedInserts=true";

    @BeforeEach
    void createSchema() {
        database.createTables();
    }

    private List<List<Object>> rows() {
        return database.query("SELECT word, count, window_start, window_end FROM word_counts"
                        + " ORDER BY window_start, word COLLATE \"C\"").stream()
                .map(row -> List.<Object>of(row.get(0), row.get(1), ((Timestamp) row.get(2)).toInstant(),
                        ((Timestamp) row.get(3)).toInstant()))
                .toList();
    }

    private void executeBatch(String sql, List<WordCount> counts) throws SQLException {
        try (Connection connection = DriverManager.getConnection(rewritingUrl, database.user(), database.password());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (WordCount count : counts) {
                WordCountJob.setUpsertParameters(statement, count);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    @Test
    void aRewrittenValuesUpsertRefusesABatchHoldingARowTwiceButTheJobsUpsertDoesNot() throws Exception {
        String valuesUpsert = "INSERT INTO word_counts (window_start, window_end, word, count) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (window_start, word) DO UPDATE SET count = EXCLUDED.count";

        assertThatThrownBy(() -> executeBatch(valuesUpsert, FIRINGS))
                .isInstanceOf(BatchUpdateException.class)
                .hasMessageContaining("cannot affect row a second time");
        assertThat(rows()).isEmpty();

        executeBatch(WordCountJob.UPSERT, FIRINGS);

        assertThat(rows()).containsExactlyElementsOf(ROWS);
    }

    @Test
    void theSinkRaisesARowForALateFiringAndAReplayWritesNothing() throws Exception {
        JobConfig config = JobConfig.parse(WordCountJob.SPEC,
                new String[] {"--jdbc-url", rewritingUrl, "--jdbc-user", database.user()},
                Map.of("JDBC_PASSWORD", database.password()));

        runSink(config);

        assertThat(rows()).containsExactlyElementsOf(ROWS);
        String rowVersions = "SELECT word, window_start, xmin::text FROM word_counts";
        List<List<Object>> versions = database.query(rowVersions);

        runSink(config);

        assertThat(rows()).containsExactlyElementsOf(ROWS);
        assertThat(database.query(rowVersions))
                .as("a replay writes no row again, neither an older smaller count nor the same count")
                .hasSize(3)
                .containsExactlyInAnyOrderElementsOf(versions);
    }

    @Test
    void anOlderSmallerCountReplayedAfterALargerOneLeavesTheLargerOne() throws Exception {
        database.execute("INSERT INTO word_counts VALUES ('2099-01-01T10:15:00Z', '2099-01-01T10:15:05Z', 'cat', 3),"
                + " ('2099-01-01T10:15:00Z', '2099-01-01T10:15:05Z', 'dog', 2)");

        executeBatch(WordCountJob.UPSERT, List.of(new WordCount("cat", 1, W0, W1), new WordCount("dog", 5, W0, W1),
                new WordCount("dog", 4, W0, W1)));

        assertThat(rows()).containsExactly(List.of("cat", 3L, W0, W1), List.of("dog", 5L, W0, W1));
    }

    /** The firings in order through the job's sink, in one batch (parallelism 1 keeps their order). */
    private static void runSink(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = FlinkTestCluster.environment();
        env.setParallelism(1);
        WordCountJob.sinkToPostgres(env.fromData(FIRINGS, TypeInformation.of(WordCount.class)), config);
        env.execute("word-count upsert");
    }
}
