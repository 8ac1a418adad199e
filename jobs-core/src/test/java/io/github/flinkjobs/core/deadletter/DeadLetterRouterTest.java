package io.github.flinkjobs.core.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.testing.InterceptedMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DeadLetterRouterTest {

    private static final Instant NOW = Instant.parse("2099-01-01T10:15:00Z");

    /** Parses a decimal number; anything else is a bad record. */
    private static int parseNumber(RawRecord record) throws BadRecordException {
        String text = record.text();
        if (text.equals("boom")) {
            throw new IllegalStateException("a bug in the parser");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRecordException("not-a-number");
        }
    }

    private static RawRecord raw(String text) {
        return new RawRecord("numbers", text == null ? null : text.getBytes(StandardCharsets.UTF_8), 5L);
    }

    @Test
    void goodRecordsPassAndBadOnesBecomeCountedDeadLetters() throws Exception {
        DeadLetterRouter<Integer> router =
                new DeadLetterRouter<>(DeadLetterRouterTest::parseNumber, Types.INT, Clock.fixed(NOW, ZoneOffset.UTC));
        InterceptedMetrics metrics = new InterceptedMetrics();
        try (OneInputStreamOperatorTestHarness<RawRecord, Integer> harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(router), metrics.environment())) {
            harness.open();
            harness.processElement(raw("1"), 10L);
            harness.processElement(raw("x"), 11L);
            harness.processElement(raw(null), 12L);
            harness.processElement(new RawRecord("numbers", new byte[] {(byte) 0xFF}, 13L), 13L);
            harness.processElement(raw("boom"), 14L);
            harness.processElement(raw("2"), 15L);

            assertThat(harness.extractOutputValues()).containsExactly(1, 2);
            assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                    .containsExactly(
                            new DeadLetter("numbers", "x", null, 1, "not-a-number", NOW),
                            new DeadLetter("numbers", null, null, 0, "null-value", NOW),
                            new DeadLetter("numbers", "/w==", "base64", 1, "invalid-utf8", NOW),
                            new DeadLetter("numbers", "boom", null, 4, "unexpected-error", NOW));
            assertThat(metrics.counter(DeadLetterRouter.DEAD_LETTERS_METRIC)).isEqualTo(4);
        }
    }
}
