package io.github.flinkjobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/** The uid rule on tiny graphs: it names an operator without a uid and a uid used twice, and passes a clean graph. */
class OperatorUidsTest {

    @Test
    void aGraphWhoseOperatorsAllHaveTheirOwnUidPasses() throws Exception {
        assertThat(OperatorUids.violations(graph("source", "sum", "sink"))).isEmpty();
    }

    @Test
    void aStatefulOperatorWithoutUidIsNamed() throws Exception {
        assertThat(OperatorUids.violations(graph("source", null, "sink"))).containsExactly("no uid: Sum");
    }

    @Test
    void aUidGivenTwiceIsNamed() throws Exception {
        assertThat(OperatorUids.violations(graph("source", "source", "sink")))
                .containsExactly("uid source of both Source: Numbers and Sum");
    }

    @Test
    void theGraphOfAJobMainIsCapturedWithoutRunningIt() throws Exception {
        StreamGraph graph = StreamGraphCapture.of(args -> {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromData(1, 2).uid("numbers").print().uid("print");
            env.execute("tiny");
        });
        assertThat(graph.getJobName()).isEqualTo("tiny");
        assertThat(OperatorUids.violations(graph)).isEmpty();
    }

    private static StreamGraph graph(String sourceUid, String sumUid, String sinkUid) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        var numbers = env.fromData(1L, 2L, 3L).name("Numbers");
        if (sourceUid != null) {
            numbers.uid(sourceUid);
        }
        var sum = numbers.keyBy(n -> n % 2, Types.LONG).reduce(Long::sum).name("Sum");
        if (sumUid != null) {
            sum.uid(sumUid);
        }
        sum.print().name("Print").uid(sinkUid);
        return env.getStreamGraph();
    }
}
