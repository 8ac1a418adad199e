package io.github.flinkjobs.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.core.deadletter.RawRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    private static final JobSpec SPEC = new JobSpec("windows", "s", CommonOptions.EVENT_TIME);

    /** Collects emitted watermarks and idleness. */
    private static final class Output implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }

    private static RawRecord at(long timestamp) {
        return new RawRecord("t", new byte[0], timestamp);
    }

    @Test
    void timesAreTheRecordTimestampsAndWatermarksTrailTheNewestByTheOutOfOrderness() throws Exception {
        JobConfig config = JobConfig.parse(SPEC, new String[] {"--out-of-orderness", "2s"}, Map.of());
        WatermarkStrategy<RawRecord> strategy = EventTime.watermarks(config);
        ManualClock clock = new ManualClock(Duration.ofHours(1).toNanos());
        WatermarkGenerator<RawRecord> generator = strategy.createWatermarkGenerator(context(clock));
        Output output = new Output();

        assertThat(strategy.createTimestampAssigner((TimestampAssignerSupplier.Context) null)
                .extractTimestamp(at(10_000L), 0L)).isEqualTo(10_000L);
        generator.onEvent(at(10_000L), 10_000L, output);
        generator.onEvent(at(7_000L), 7_000L, output);
        generator.onPeriodicEmit(output);

        assertThat(output.watermarks).containsExactly(10_000L - 2_000L - 1);
    }

    @Test
    void aSilentInputTurnsIdleAfterTheIdleness() throws Exception {
        JobConfig config = JobConfig.parse(SPEC, new String[] {"--idleness", "5s"}, Map.of());
        ManualClock clock = new ManualClock(Duration.ofHours(1).toNanos());
        WatermarkGenerator<RawRecord> generator = EventTime.watermarks(config).createWatermarkGenerator(context(clock));
        Output output = new Output();

        generator.onEvent(at(1_000L), 1_000L, output);
        generator.onPeriodicEmit(output);
        generator.onPeriodicEmit(output); // the first periodic check without a record starts the silence
        clock.advanceTime(Duration.ofSeconds(4));
        generator.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
        clock.advanceTime(Duration.ofSeconds(2));
        generator.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();
    }

    private static WatermarkGeneratorSupplier.Context context(RelativeClock clock) {
        return new WatermarkGeneratorSupplier.Context() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public RelativeClock getInputActivityClock() {
                return clock;
            }
        };
    }
}
