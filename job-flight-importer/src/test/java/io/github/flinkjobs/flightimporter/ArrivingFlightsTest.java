package io.github.flinkjobs.flightimporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.testing.InterceptedMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.flink.streaming.api.operators.StreamFilter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ArrivingFlightsTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    private static FlightData arrivingAt(Instant arrival) {
        return new FlightData("ana@example.com", arrival.minusSeconds(3600), "LHR", arrival, "JFK", "SKY1234",
                "SKY1ABCDEF", FlightData.SKYONE);
    }

    @Test
    void keepsFlightsArrivingAfterTheConfiguredNowAndCountsTheOthers() throws Exception {
        InterceptedMetrics metrics = new InterceptedMetrics();
        FlightData later = arrivingAt(NOW.plusMillis(1));
        FlightData muchLater = arrivingAt(Instant.parse("2099-01-01T00:00:00Z"));
        try (OneInputStreamOperatorTestHarness<FlightData, FlightData> harness = new OneInputStreamOperatorTestHarness<>(
                new StreamFilter<>(new ArrivingFlights(Clock.fixed(NOW, ZoneOffset.UTC))), metrics.environment())) {
            harness.open();
            harness.processElement(new StreamRecord<>(arrivingAt(NOW.minusSeconds(1)), 1L));
            harness.processElement(new StreamRecord<>(later, 2L));
            harness.processElement(new StreamRecord<>(arrivingAt(NOW), 3L));
            harness.processElement(new StreamRecord<>(muchLater, 4L));

            assertThat(harness.extractOutputValues()).containsExactly(later, muchLater);
        }
        assertThat(metrics.counter(ArrivingFlights.PAST_FLIGHTS_METRIC)).isEqualTo(2);
    }
}
