package io.github.flinkjobs.charcount;

import static io.github.flinkjobs.testing.HostileRecords.rejected;
import static io.github.flinkjobs.testing.HostileRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.testing.ClusterJobs;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.HostileRecords;
import io.github.flinkjobs.testing.JobCounters;
import io.github.flinkjobs.testing.PartFiles;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
 * Char count on hostile input through Kafka: every record that is not a line of UTF-8 text (bytes no strict decoder
 * accepts, records without a value, a record larger than a producer's default request size ending in a bad byte) is
 * in the dead-letter topic with its reason and its bytes, truncated to {@value DeadLetter#MAX_RAW_BYTES} with its
 * full length kept; everything else, however odd (NUL, a byte order mark, a megabyte of text, a record timestamp of
 * 0, duplicates), is counted; the job never restarts and its counters agree with its outputs.
 */
class CharCountHostileInputIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    @TempDir
    Path temp;

    @Test
    void everyBadRecordIsADeadLetterAndEveryOtherIsCounted(@InjectClusterClient RestClusterClient<?> client)
            throws Exception {
        List<byte[]> good = new ArrayList<>(List.of(utf8("hello"), utf8("hello"), utf8("a\u0000b"),
                utf8("\uFEFFbom"), utf8(""), utf8("日本語 👍🏽"), utf8("{\"not\":\"parsed\"}"),
                HostileRecords.oversized('x', utf8("é"))));
        List<String> expectedCounts = new ArrayList<>(List.of("5", "5", "3", "4", "0", "6", "16",
                Integer.toString(HostileRecords.OVERSIZED_BYTES - 1)));
        List<byte[]> bad = new ArrayList<>(HostileRecords.invalidUtf8());
        bad.add(HostileRecords.oversized('x', new byte[] {(byte) 0xFF}));
        List<String> expectedDeadLetters = new ArrayList<>();
        bad.forEach(record -> expectedDeadLetters.add(rejected("invalid-utf8", record, DeadLetter.MAX_RAW_BYTES)));
        bad.add(null);
        bad.add(null);
        expectedDeadLetters.addAll(Collections.nCopies(2, rejected("null-value", null, DeadLetter.MAX_RAW_BYTES)));

        TestKafka kafka = TestKafka.get();
        String topic = kafka.createTopic("hostile-messages", 2);
        List<byte[]> mixed = new ArrayList<>();
        for (int i = 0; i < Math.max(good.size(), bad.size()); i++) {
            if (i < good.size()) {
                mixed.add(good.get(i));
            }
            if (i < bad.size()) {
                mixed.add(bad.get(i));
            }
        }
        kafka.produceBytes(topic, mixed);
        kafka.produceBytes(topic, 1, 0L, List.of(utf8("epoch")));
        expectedCounts.add("5");
        Path output = temp.resolve("counts");

        assertThat(JobMain.execute(CharCountJob.SPEC, new String[] {"--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", topic, "--bounded", "--group-id", TestServices.randomName("group"),
                "--output", output.toString(), "--checkpoint-interval", "300ms"},
                Map.of(), CharCountJob::run, System.out, System.err)).as("exit status").isZero();

        assertThat(PartFiles.lines(output)).containsExactlyInAnyOrderElementsOf(expectedCounts);
        List<String> deadLetters = kafka.readCommittedValues(topic + ".dlq");
        assertThat(deadLetters).extracting(HostileRecords::rejected)
                .containsExactlyInAnyOrderElementsOf(expectedDeadLetters);

        ClusterJobs jobs = new ClusterJobs(client);
        JobID job = jobs.latest(CharCountJob.SPEC.name());
        assertThat(jobs.failures(job)).as("failures").isZero();
        assertThat(jobs.restarts(job)).as("restarts").isZero();
        assertThat(JobCounters.sum(job, DeadLetterRouter.DEAD_LETTERS_METRIC)).isEqualTo(deadLetters.size());
    }
}
