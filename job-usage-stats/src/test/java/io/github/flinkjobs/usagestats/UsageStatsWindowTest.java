package io.github.flinkjobs.usagestats;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.UserStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The job's window operator, taken from the transformation {@link UsageStatsJob#cumulativeStatistics} builds (so the
 * test runs exactly what the job runs: 1-minute tumbling event-time windows, {@link UserStatistics#merge} then
 * {@link CumulativeStatistics}, late flights to a side output), driven by watermarks the test sets.
 */
class UsageStatsWindowTest {

    private static final Instant T0 = Instant.parse("2099-01-01T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final String ANA = "ana@example.com";
    private static final String BOB = "bob@example.com";

    private final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

    private final DataStream<UserStatistics> perFlight = env.fromData(
            List.of(new UserStatistics(ANA, 0, 1, null)), TypeInformation.of(UserStatistics.class));

    @SuppressWarnings("unchecked")
    private KeyedOneInputStreamOperatorTestHarness<String, UserStatistics, UserStatistics> harness(
            Duration allowedLateness, Duration stateTtl) throws Exception {
        OneInputTransformation<UserStatistics, UserStatistics> window =
                (OneInputTransformation<UserStatistics, UserStatistics>) UsageStatsJob.cumulativeStatistics(perFlight,
                        new UsageStatsJob.Windowing(WINDOW, allowedLateness, stateTtl)).getTransformation();
        KeyedOneInputStreamOperatorTestHarness<String, UserStatistics, UserStatistics> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(window.getOperator(),
                        (KeySelector<UserStatistics, String>) window.getStateKeySelector(), Types.STRING);
        harness.setup();
        return harness;
    }

    private KeyedOneInputStreamOperatorTestHarness<String, UserStatistics, UserStatistics> opened(
            Duration allowedLateness, Duration stateTtl) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, UserStatistics, UserStatistics> harness =
                harness(allowedLateness, stateTtl);
        harness.open();
        return harness;
    }

    /**
     * The statistics of a flight of {@code email} taking {@code minutes}, as the job maps each flight before the
     * window, whose event time is {@code second} seconds after T0.
     */
    private static StreamRecord<UserStatistics> flight(String email, long minutes, long second) {
        Instant departure = Instant.parse("2099-01-01T08:00:00Z");
        FlightData flight = new FlightData(email, departure, "LHR", departure.plus(Duration.ofMinutes(minutes)),
                "JFK", "SKY" + second, "SKYABC" + second, FlightData.SKYONE);
        return new StreamRecord<>(UserStatistics.fromFlightData(flight), T0.plusSeconds(second).toEpochMilli());
    }

    private static Watermark watermarkAt(long second) {
        return new Watermark(T0.plusSeconds(second).toEpochMilli());
    }

    private static UserStatistics statistics(String email, long minutes, long flights, long windowEndSecond) {
        return new UserStatistics(email, Duration.ofMinutes(minutes).toMillis(), flights,
                T0.plusSeconds(windowEndSecond));
    }

    private static List<UserStatistics> drain(
            KeyedOneInputStreamOperatorTestHarness<String, UserStatistics, UserStatistics> harness) {
        List<UserStatistics> output = harness.extractOutputValues();
        harness.getOutput().clear();
        return output;
    }

    @Test
    void emitsEachUsersStatisticsSinceTheFirstFlightAfterEveryWindowWithFlights() throws Exception {
        try (var harness = opened(Duration.ZERO, null)) {
            harness.processElement(flight(ANA, 120, 10));
            harness.processElement(flight(BOB, 30, 15));
            harness.processElement(flight(ANA, 60, 59));
            harness.processWatermark(watermarkAt(59));
            assertThat(drain(harness)).as("nothing before the window closes").isEmpty();

            harness.processWatermark(watermarkAt(60));
            assertThat(drain(harness)).containsExactlyInAnyOrder(
                    statistics(ANA, 180, 2, 60), statistics(BOB, 30, 1, 60));

            harness.processElement(flight(ANA, 240, 70));
            harness.processWatermark(watermarkAt(120));
            assertThat(drain(harness)).as("only users with flights in the window").containsExactly(
                    statistics(ANA, 420, 3, 120));

            harness.processElement(flight(BOB, 45, 200));
            harness.processWatermark(watermarkAt(240));
            assertThat(drain(harness)).containsExactly(statistics(BOB, 75, 2, 240));
        }
    }

    @Test
    void theRunningTotalsAndOpenWindowsSurviveASnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = opened(Duration.ZERO, null)) {
            harness.processElement(flight(ANA, 120, 10));
            harness.processWatermark(watermarkAt(60));
            assertThat(drain(harness)).containsExactly(statistics(ANA, 120, 1, 60));
            harness.processElement(flight(ANA, 30, 65));
            snapshot = harness.snapshot(1L, 1L);
        }

        try (var restored = harness(Duration.ZERO, null)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(flight(ANA, 15, 100));
            restored.processElement(flight(BOB, 60, 110));
            restored.processWatermark(watermarkAt(120));

            assertThat(drain(restored)).containsExactlyInAnyOrder(
                    statistics(ANA, 165, 3, 120), statistics(BOB, 60, 1, 120));
        }
    }

    @Test
    void aFlightAfterItsWindowClosedGoesToTheLateSideOutputAndCountsNowhere() throws Exception {
        try (var harness = opened(Duration.ZERO, null)) {
            harness.processElement(flight(ANA, 120, 10));
            harness.processWatermark(watermarkAt(60));
            drain(harness);

            StreamRecord<UserStatistics> late = flight(ANA, 999, 30);
            harness.processElement(late);
            harness.processElement(flight(ANA, 60, 90));
            harness.processWatermark(watermarkAt(120));

            assertThat(drain(harness)).containsExactly(statistics(ANA, 180, 2, 120));
            assertThat(harness.getSideOutput(UsageStatsJob.LATE_FLIGHTS)).containsExactly(late);
        }
    }

    @Test
    void aWindowFiringAgainForLateFlightsAddsOnlyTheNewFlightsAndNeverMovesTheWindowEndBack() throws Exception {
        try (var harness = opened(Duration.ofMinutes(2), null)) {
            harness.processElement(flight(ANA, 120, 10));
            harness.processWatermark(watermarkAt(60));
            assertThat(drain(harness)).containsExactly(statistics(ANA, 120, 1, 60));

            harness.processElement(flight(ANA, 60, 20));
            assertThat(drain(harness)).as("late within the allowed lateness: fires again")
                    .containsExactly(statistics(ANA, 180, 2, 60));

            harness.processElement(flight(ANA, 10, 70));
            harness.processWatermark(watermarkAt(120));
            assertThat(drain(harness)).containsExactly(statistics(ANA, 190, 3, 120));

            harness.processElement(flight(ANA, 5, 30));
            assertThat(drain(harness)).as("a late firing of the first window after the second one")
                    .containsExactly(statistics(ANA, 195, 4, 120));

            harness.processWatermark(watermarkAt(180));
            harness.processElement(flight(ANA, 1, 40));
            assertThat(drain(harness)).isEmpty();
            assertThat(harness.getSideOutput(UsageStatsJob.LATE_FLIGHTS)).hasSize(1);

            harness.processWatermark(watermarkAt(240));
            assertThat(drain(harness)).isEmpty();
            assertThat(harness.numKeyedStateEntries()).as("closed windows leave only the running total")
                    .isEqualTo(1);
        }
    }

    @Test
    void withAStateTtlAUserInactiveForThatLongStartsAgainFromZero() throws Exception {
        try (var harness = opened(Duration.ZERO, Duration.ofHours(1))) {
            harness.setStateTtlProcessingTime(0);
            harness.processElement(flight(ANA, 120, 10));
            harness.processElement(flight(BOB, 30, 10));
            harness.processWatermark(watermarkAt(60));
            assertThat(drain(harness)).containsExactlyInAnyOrder(
                    statistics(ANA, 120, 1, 60), statistics(BOB, 30, 1, 60));

            harness.setStateTtlProcessingTime(Duration.ofMinutes(40).toMillis());
            harness.processElement(flight(ANA, 60, 70));
            harness.processWatermark(watermarkAt(120));
            assertThat(drain(harness)).as("an update renews the time to live")
                    .containsExactly(statistics(ANA, 180, 2, 120));

            harness.setStateTtlProcessingTime(Duration.ofMinutes(90).toMillis());
            harness.processElement(flight(ANA, 15, 130));
            harness.processElement(flight(BOB, 15, 130));
            harness.processWatermark(watermarkAt(180));
            assertThat(drain(harness)).containsExactlyInAnyOrder(
                    statistics(ANA, 195, 3, 180), statistics(BOB, 15, 1, 180));
        }
    }

    @Test
    void withoutAStateTtlTotalsAreKeptForEver() throws Exception {
        try (var harness = opened(Duration.ZERO, null)) {
            harness.setStateTtlProcessingTime(0);
            harness.processElement(flight(BOB, 30, 10));
            harness.processWatermark(watermarkAt(60));
            harness.setStateTtlProcessingTime(Duration.ofDays(3650).toMillis());
            harness.processElement(flight(BOB, 15, 130));
            harness.processWatermark(watermarkAt(180));

            assertThat(drain(harness)).containsExactly(statistics(BOB, 30, 1, 60), statistics(BOB, 45, 2, 180));
        }
    }
}
