package io.github.flinkjobs.usagestats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.flinkjobs.core.JobIo;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.testing.FlinkTestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline alone on records from memory. Parallelism 1 and a watermark after every record make lateness
 * deterministic: a flight is late exactly when an earlier record moved the watermark past its window. Every dead
 * letter, late ones included, holds the record exactly as it arrived.
 */
class UsageStatsWorkflowIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final Instant T0 = Instant.parse("2099-01-01T10:00:00Z");

    /** The watermark is the newest event time so far, emitted after every record. */
    private static final class WatermarkPerRecord implements WatermarkGenerator<RawRecord> {
        private long newest = Long.MIN_VALUE;

        @Override
        public void onEvent(RawRecord record, long timestamp, WatermarkOutput output) {
            newest = Math.max(newest, timestamp);
            output.emitWatermark(new Watermark(newest));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    private static RawRecord flight(String email, String departure, String arrival, long second) {
        String json = "{\"emailAddress\":\"" + email + "\",\"departureTime\":\"" + departure
                + "\",\"arrivalTime\":\"" + arrival + "\",\"flightNumber\":\"SKY" + second + "\"}";
        return raw(json, second);
    }

    private static RawRecord raw(String value, long second) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return new RawRecord("flightdata", bytes, T0.plusSeconds(second).toEpochMilli());
    }

    @Test
    void emitsCumulativeStatisticsAndSendsBadAndLateRecordsToTheDeadLetters() throws Exception {
        StreamExecutionEnvironment env = FlinkTestCluster.environment();
        env.setParallelism(1);
        List<RawRecord> input = List.of(
                flight("ana@example.com", "2099-01-01T08:00:00Z", "2099-01-01T10:00:00Z", 5),
                flight("bob@example.com", "2099-01-01T08:00:00Z", "2099-01-01T08:30:00Z", 20),
                raw("{\"emailAddress\":\"ana@example.com\"", 30),
                flight("ana@example.com", "2099-01-01T09:00:00Z", "2099-01-01T09:45:00Z", 50),
                flight("ana@example.com", "2099-01-01T09:00:00Z", "2099-01-01T12:00:00Z", 70),
                flight("bob@example.com", "2099-01-01T09:00:00Z", "2099-01-01T09:20:00Z", 55),
                flight("bob@example.com", "2099-01-01T11:00:00Z", "2099-01-01T10:00:00Z", 80),
                flight("bob@example.com", "2099-01-01T09:00:00Z", "2099-01-01T10:00:00Z", 150),
                flight("bob@example.com", "-999999999-01-01T00:00:00Z", "+999999999-12-31T00:00:00Z", 160),
                flight("", "2099-01-01T09:00:00Z", "2099-01-01T10:00:00Z", 170));
        DataStream<RawRecord> records = env.fromData(input, TypeInformation.of(RawRecord.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<RawRecord>forGenerator(context -> new WatermarkPerRecord())
                        .withTimestampAssigner((record, previous) -> record.timestamp()));

        UsageStatsJob.Workflow workflow = UsageStatsJob.defineWorkflow(
                new JobIo.Input(records, "flights", "flightdata", true, "flightdata"),
                new UsageStatsJob.Windowing(Duration.ofMinutes(1), Duration.ZERO, null));
        List<UserStatistics> statistics = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        try (CloseableIterator<UserStatistics> results = workflow.statistics().collectAsync();
                CloseableIterator<DeadLetter> rejected = workflow.deadLetters().collectAsync()) {
            env.execute("usage-stats workflow");
            results.forEachRemaining(statistics::add);
            rejected.forEachRemaining(deadLetters::add);
        }

        assertThat(statistics).containsExactlyInAnyOrder(
                new UserStatistics("ana@example.com", Duration.parse("PT2H45M").toMillis(), 2, T0.plusSeconds(60)),
                new UserStatistics("bob@example.com", Duration.parse("PT30M").toMillis(), 1, T0.plusSeconds(60)),
                new UserStatistics("ana@example.com", Duration.parse("PT5H45M").toMillis(), 3, T0.plusSeconds(120)),
                new UserStatistics("bob@example.com", Duration.parse("PT1H30M").toMillis(), 2, T0.plusSeconds(180)));
        assertThat(deadLetters).extracting(DeadLetter::reason, DeadLetter::raw, DeadLetter::source)
                .containsExactlyInAnyOrder(
                        tuple("malformed-json", text(input.get(2)), "flightdata"),
                        tuple("late", text(input.get(5)), "flightdata"),
                        tuple("arrival-before-departure", text(input.get(6)), "flightdata"),
                        tuple("bad-time:departureTime", text(input.get(8)), "flightdata"),
                        tuple("bad-value:emailAddress", text(input.get(9)), "flightdata"));
    }

    private static String text(RawRecord record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
