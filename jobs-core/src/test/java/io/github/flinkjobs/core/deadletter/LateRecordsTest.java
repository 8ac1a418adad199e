package io.github.flinkjobs.core.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.testing.InterceptedMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LateRecordsTest {

    private static final Instant NOW = Instant.parse("2099-01-01T10:15:00Z");

    @Test
    void lateRecordsBecomeCountedDeadLettersWithReasonLate() throws Exception {
        LateRecords<String> late = new LateRecords<>("words", new SimpleStringSchema(), Clock.fixed(NOW, ZoneOffset.UTC));
        InterceptedMetrics metrics = new InterceptedMetrics();
        try (OneInputStreamOperatorTestHarness<String, DeadLetter> harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(late), metrics.environment())) {
            harness.open();
            harness.processElement("{\"word\":\"late\"}", 1_000L);
            harness.processElement("é", 2_000L);

            assertThat(harness.extractOutputValues()).containsExactly(
                    new DeadLetter("words", "{\"word\":\"late\"}", null, 15, "late", NOW),
                    new DeadLetter("words", "é", null, 2, "late", NOW));
            assertThat(metrics.counter(LateRecords.LATE_RECORDS_METRIC)).isEqualTo(2);
        }
    }
}
