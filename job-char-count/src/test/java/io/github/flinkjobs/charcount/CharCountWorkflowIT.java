package io.github.flinkjobs.charcount;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.testing.FlinkTestCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pipeline alone, fed from memory, as a model for testing a job's workflow without any I/O. */
class CharCountWorkflowIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static RawRecord message(byte[] value) {
        return new RawRecord("messages", value, 0L);
    }

    @Test
    void countsEveryMessageAndSeparatesTheBadOnes() throws Exception {
        StreamExecutionEnvironment env = FlinkTestCluster.environment();
        List<RawRecord> input = List.of(
                message("this".getBytes(StandardCharsets.UTF_8)),
                message("see them ".getBytes(StandardCharsets.UTF_8)),
                message("👍🏽".getBytes(StandardCharsets.UTF_8)),
                message(new byte[0]),
                message(new byte[] {(byte) 0xF0, (byte) 0x9F}),
                message(null));

        SingleOutputStreamOperator<Integer> counts =
                CharCountJob.defineWorkflow(env.fromData(input, TypeInformation.of(RawRecord.class)));
        List<Integer> countValues = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        try (CloseableIterator<Integer> countResults = counts.collectAsync();
                CloseableIterator<DeadLetter> deadLetters =
                        counts.getSideOutput(DeadLetterRouter.DEAD_LETTERS).collectAsync()) {
            env.execute("char-count workflow");
            countResults.forEachRemaining(countValues::add);
            deadLetters.forEachRemaining(letter -> reasons.add(letter.reason()));
        }

        assertThat(countValues).containsExactlyInAnyOrder(4, 9, 2, 0);
        assertThat(reasons).containsExactlyInAnyOrder("invalid-utf8", "null-value");
    }
}
