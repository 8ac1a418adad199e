package io.github.flinkjobs.flightimporter;

import io.github.flinkjobs.core.model.FlightData;
import java.time.Clock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.metrics.Counter;

/**
 * Keeps the flights that arrive after now, as the course's importer does, and counts the others, which are dropped,
 * in the {@value #PAST_FLIGHTS_METRIC} metric. "Now" comes from the given clock: the system clock at each record, or
 * a fixed instant for replays and tests ({@code --now}).
 */
public final class ArrivingFlights extends RichFilterFunction<FlightData> {
    private static final long serialVersionUID = 1L;

    /** Name of the counter metric of flights dropped because they arrived already (per parallel instance). */
    public static final String PAST_FLIGHTS_METRIC = "pastFlights";

    private final Clock clock;
    private transient Counter pastFlights;

    /** A filter keeping flights that arrive after {@code clock.instant()}. */
    public ArrivingFlights(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        pastFlights = getRuntimeContext().getMetricGroup().counter(PAST_FLIGHTS_METRIC);
    }

    @Override
    public boolean filter(FlightData flight) {
        if (flight.arrivalTime().isAfter(clock.instant())) {
            return true;
        }
        pastFlights.inc();
        return false;
    }
}
