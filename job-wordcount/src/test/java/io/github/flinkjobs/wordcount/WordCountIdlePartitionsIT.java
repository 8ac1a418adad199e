package io.github.flinkjobs.wordcount;

import static io.github.flinkjobs.testing.HostileRecords.rejected;
import static io.github.flinkjobs.testing.HostileRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.LateRecords;
import io.github.flinkjobs.testing.BackgroundJob;
import io.github.flinkjobs.testing.ClusterJobs;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.HostileRecords;
import io.github.flinkjobs.testing.JobCounters;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * Word count running unbounded on a topic of two partitions of which only one ever gets a record: with a short
 * {@code --idleness} the silent partition stops holding the watermark back, so the windows fire and reach the output
 * while the job runs. Once they have, lines with a record timestamp of 0 and of a day ago are late: dead letters with
 * reason {@code late}, counted in {@code lateRecords}. The job never restarts; the test cancels it at the end.
 */
class WordCountIdlePartitionsIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    @TempDir
    Path temp;

    @Test
    void windowsFireWhileOnePartitionIsSilentAndLateLinesAreDeadLetters(
            @InjectClusterClient RestClusterClient<?> client) throws Exception {
        TestKafka kafka = TestKafka.get();
        String topic = kafka.createTopic("idle-words", 2);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        kafka.produce(topic, 0, List.of(line("alpha beta", start, 100), line("Alpha", start, 200),
                line("beta", start, 1_100), line("gamma", start, 5_000)));
        Path output = temp.resolve("counts");
        String[] arguments = {"--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--group-id", TestServices.randomName("group"), "--output", output.toString(),
                "--window", "1s", "--out-of-orderness", "100ms", "--idleness", "500ms",
                "--checkpoint-interval", "300ms"};
        BackgroundJob job = BackgroundJob.start("word-count-unbounded", URI.create(client.getWebInterfaceURL()),
                () -> JobMain.execute(WordCountJob.SPEC, arguments, Map.of(), WordCountJob::run, System.out,
                        System.err));
        ClusterJobs jobs = new ClusterJobs(client);
        List<WordCount> expected = List.of(count("alpha", 2, start, 0), count("beta", 1, start, 0),
                count("beta", 1, start, 1));

        List<WordCount> counts = job.awaitAtLeast(expected.size(), () -> WordCountParts.read(output));
        assertThat(counts).containsExactlyInAnyOrderElementsOf(expected);

        byte[] epoch = utf8("from 1970");
        byte[] dayOld = utf8("from yesterday");
        kafka.produceBytes(topic, 0, 0L, List.of(epoch));
        kafka.produceBytes(topic, 0, start.minus(Duration.ofDays(1)).toEpochMilli(), List.of(dayOld));
        List<String> deadLetters = job.awaitAtLeast(2, () -> kafka.readCommittedValues(topic + ".dlq"));
        JobID id = jobs.latest(WordCountJob.SPEC.name());
        jobs.cancel(id);
        job.awaitCancelled();

        assertThat(deadLetters).extracting(HostileRecords::rejected).containsExactlyInAnyOrder(
                rejected(LateRecords.REASON, epoch, DeadLetter.MAX_RAW_BYTES),
                rejected(LateRecords.REASON, dayOld, DeadLetter.MAX_RAW_BYTES));
        assertThat(WordCountParts.read(output)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(jobs.failures(id)).as("failures").isZero();
        assertThat(jobs.restarts(id)).as("restarts").isZero();
        assertThat(JobCounters.sum(id, LateRecords.LATE_RECORDS_METRIC)).isEqualTo(2);
    }

    private static TestKafka.Message line(String text, Instant start, long offsetMillis) {
        return new TestKafka.Message(null, text, start.toEpochMilli() + offsetMillis);
    }

    private static WordCount count(String word, long count, Instant start, int window) {
        Instant windowStart = start.plusSeconds(window);
        return new WordCount(word, count, windowStart, windowStart.plusSeconds(1));
    }
}
