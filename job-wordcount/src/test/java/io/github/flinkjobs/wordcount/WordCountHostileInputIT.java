package io.github.flinkjobs.wordcount;

import static io.github.flinkjobs.testing.HostileRecords.rejected;
import static io.github.flinkjobs.testing.HostileRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.core.deadletter.LateRecords;
import io.github.flinkjobs.testing.ClusterJobs;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.HostileRecords;
import io.github.flinkjobs.testing.JobCounters;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word count on hostile input through Kafka: records that are not UTF-8, records without a value, and lines holding
 * a word too long to count (one of them a megabyte, larger than a producer's default request size) are in the
 * dead-letter topic with their reason and bytes (truncated, with the full length kept); the other lines, however odd
 * (NUL, a byte order mark, a megabyte of spaces, duplicates), are counted exactly; the job never restarts and its
 * counters agree with its outputs.
 */
class WordCountHostileInputIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    @TempDir
    Path temp;

    @Test
    void everyBadLineIsADeadLetterAndTheOthersAreCounted(@InjectClusterClient RestClusterClient<?> client)
            throws Exception {
        List<byte[]> good = List.of(utf8("Hello hello"), utf8("hello"), utf8("a\u0000b"), utf8("\uFEFFbom"),
                HostileRecords.oversized(' ', utf8("é")), utf8("x".repeat(WordCountJob.MAX_WORD_LENGTH)));
        List<byte[]> bad = new ArrayList<>();
        List<String> expectedDeadLetters = new ArrayList<>();
        for (byte[] record : HostileRecords.invalidUtf8()) {
            bad.add(record);
            expectedDeadLetters.add(rejected("invalid-utf8", record, DeadLetter.MAX_RAW_BYTES));
        }
        for (byte[] record : List.of(utf8("ok " + "y".repeat(WordCountJob.MAX_WORD_LENGTH + 1)),
                HostileRecords.oversized('z', utf8(" end")))) {
            bad.add(record);
            expectedDeadLetters.add(rejected(WordCountJob.WORD_TOO_LONG, record, DeadLetter.MAX_RAW_BYTES));
        }
        bad.add(null);
        expectedDeadLetters.add(rejected("null-value", null, DeadLetter.MAX_RAW_BYTES));

        TestKafka kafka = TestKafka.get();
        String topic = kafka.createTopic("hostile-words", 2);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        long eventTime = start.plusSeconds(1).toEpochMilli();
        kafka.produceBytes(topic, 0, eventTime, good);
        kafka.produceBytes(topic, 1, eventTime, bad);
        Path output = temp.resolve("counts");

        assertThat(JobMain.execute(WordCountJob.SPEC, new String[] {"--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", topic, "--bounded", "--group-id", TestServices.randomName("group"),
                "--output", output.toString(), "--checkpoint-interval", "300ms", "--idleness", "1h"},
                Map.of(), WordCountJob::run, System.out, System.err)).as("exit status").isZero();

        Instant end = start.plusSeconds(5);
        assertThat(WordCountParts.read(output)).containsExactlyInAnyOrder(new WordCount("hello", 3, start, end),
                new WordCount("a", 1, start, end), new WordCount("b", 1, start, end),
                new WordCount("bom", 1, start, end), new WordCount("é", 1, start, end),
                new WordCount("x".repeat(WordCountJob.MAX_WORD_LENGTH), 1, start, end));
        List<String> deadLetters = kafka.readCommittedValues(topic + ".dlq");
        assertThat(deadLetters).extracting(HostileRecords::rejected)
                .containsExactlyInAnyOrderElementsOf(expectedDeadLetters);

        ClusterJobs jobs = new ClusterJobs(client);
        JobID job = jobs.latest(WordCountJob.SPEC.name());
        assertThat(jobs.failures(job)).as("failures").isZero();
        assertThat(jobs.restarts(job)).as("restarts").isZero();
        assertThat(JobCounters.sum(job, DeadLetterRouter.DEAD_LETTERS_METRIC)).isEqualTo(deadLetters.size());
        assertThat(JobCounters.sum(job, LateRecords.LATE_RECORDS_METRIC)).isZero();
    }
}
