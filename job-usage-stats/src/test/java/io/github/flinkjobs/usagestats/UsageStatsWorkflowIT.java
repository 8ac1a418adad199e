package io.github.flinkjobs.usagestats;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.JobIo;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.LateRecords;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.testing.FlinkTestCluster;
import java.io.IOException;
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
 * deterministic: a flight is late exactly when an earlier record moved the watermark past its window.
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
                flight("bob@example.com", "2099-01-01T09:00:00Z", "2099-01-01T10:00:00Z", 150));
        DataStream<RawRecord> records = env.fromData(input, TypeInformation.of(RawRecord.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<RawRecord>forGenerator(context -> new WatermarkPerRecord())
                        .withTimestampAssigner((record, previous) -> record.timestamp()));

        UsageStatsJob.Workflow workflow = UsageStatsJob.defineWorkflow(records,
                new UsageStatsJob.Windowing(Duration.ofMinutes(1), Duration.ZERO, null));
        DataStream<DeadLetter> late = LateRecords.asDeadLetters(workflow.lateFlights(),
                new JobIo.Input(records, "flightdata", true, "flightdata"), JsonCodec.of(FlightData.class));
        List<UserStatistics> statistics = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> lateFlightNumbers = new ArrayList<>();
        try (CloseableIterator<UserStatistics> results = workflow.statistics().collectAsync();
                CloseableIterator<DeadLetter> badRecords = workflow.badRecords().collectAsync();
                CloseableIterator<DeadLetter> lateRecords = late.collectAsync()) {
            env.execute("usage-stats workflow");
            results.forEachRemaining(statistics::add);
            badRecords.forEachRemaining(letter -> reasons.add(letter.reason()));
            lateRecords.forEachRemaining(letter -> {
                reasons.add(letter.reason());
                lateFlightNumbers.add(readFlight(letter).flightNumber());
            });
        }

        assertThat(statistics).containsExactlyInAnyOrder(
                new UserStatistics("ana@example.com", Duration.parse("PT2H45M").toMillis(), 2, T0.plusSeconds(60)),
                new UserStatistics("bob@example.com", Duration.parse("PT30M").toMillis(), 1, T0.plusSeconds(60)),
                new UserStatistics("ana@example.com", Duration.parse("PT5H45M").toMillis(), 3, T0.plusSeconds(120)),
                new UserStatistics("bob@example.com", Duration.parse("PT1H30M").toMillis(), 2, T0.plusSeconds(180)));
        assertThat(reasons).containsExactlyInAnyOrder("malformed-json", "arrival-before-departure", "late");
        assertThat(lateFlightNumbers).containsExactly("SKY55");
    }

    private static FlightData readFlight(DeadLetter letter) {
        try {
            return JsonCodec.of(FlightData.class).read(letter.raw());
        } catch (IOException e) {
            throw new AssertionError("a late dead letter holds the flight as JSON: " + letter.raw(), e);
        }
    }
}
