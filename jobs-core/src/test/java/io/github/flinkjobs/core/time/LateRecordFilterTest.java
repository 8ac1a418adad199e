package io.github.flinkjobs.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.core.deadletter.LateRecords;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.testing.InterceptedMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LateRecordFilterTest {

    private static final Instant NOW = Instant.parse("2099-01-01T10:15:00Z");

    private static RawRecord line(String text, long timestamp) {
        return new RawRecord("words", text.getBytes(StandardCharsets.UTF_8), timestamp);
    }

    @Test
    void recordsOfAWindowThatClosedBeforeTheyArrivedAreCountedDeadLetters() throws Exception {
        LateRecordFilter filter = new LateRecordFilter(Duration.ofSeconds(5), Duration.ofSeconds(2),
                Clock.fixed(NOW, ZoneOffset.UTC));
        InterceptedMetrics metrics = new InterceptedMetrics();
        try (OneInputStreamOperatorTestHarness<RawRecord, RawRecord> harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(filter), metrics.environment())) {
            harness.open();
            harness.processWatermark(6_998L);
            harness.processElement(line("window 0-5s, lateness until 6.999s: on time", 4_999L), 4_999L);
            harness.processWatermark(6_999L);
            harness.processElement(line("window 0-5s: late", 1_000L), 1_000L);
            harness.processElement(line("window 5-10s: on time", 5_000L), 5_000L);

            assertThat(harness.extractOutputValues()).extracting(record -> new String(record.value(), StandardCharsets.UTF_8)).containsExactly(
                    "window 0-5s, lateness until 6.999s: on time", "window 5-10s: on time");
            assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                    .containsExactly(new DeadLetter("words", "window 0-5s: late", null, 17, LateRecords.REASON, NOW));
            assertThat(metrics.counter(LateRecords.LATE_RECORDS_METRIC)).isEqualTo(1);
        }
    }
}
