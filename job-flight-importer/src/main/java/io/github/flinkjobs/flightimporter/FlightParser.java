package io.github.flinkjobs.flightimporter;

import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.deadletter.RecordParser;
import io.github.flinkjobs.core.json.JsonRecordParser;
import io.github.flinkjobs.core.model.FlightData;
import java.util.List;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Parses the raw JSON records of one airline feed into {@link FlightData}: the feed's record is read by
 * {@link JsonRecordParser} (reasons {@code malformed-json}, {@code missing-field:<name>}, {@code bad-time:<name>},
 * {@code wrong-type:<name>}, {@code invalid-utf8}, {@code null-value}), converted, and rejected with reason
 * {@value #ARRIVAL_BEFORE_DEPARTURE} when it arrives before it departs.
 *
 * @param <T> the feed's record type
 */
public final class FlightParser<T> implements RecordParser<FlightData> {
    private static final long serialVersionUID = 1L;

    /** Reason of a flight whose arrival time is before its departure time. */
    public static final String ARRIVAL_BEFORE_DEPARTURE = "arrival-before-departure";

    private final JsonRecordParser<T> json;
    private final SerializableFunction<T, FlightData> toFlightData;

    /**
     * A parser of the feed whose records are {@code type}, rejecting records without one of {@code requiredFields}
     * and converting the others with {@code toFlightData}.
     */
    public FlightParser(Class<T> type, List<String> requiredFields, SerializableFunction<T, FlightData> toFlightData) {
        this.json = JsonRecordParser.of(type, requiredFields);
        this.toFlightData = toFlightData;
    }

    @Override
    public FlightData parse(RawRecord record) throws BadRecordException {
        FlightData flight = toFlightData.apply(json.parse(record));
        if (flight.arrivalTime().isBefore(flight.departureTime())) {
            throw new BadRecordException(ARRIVAL_BEFORE_DEPARTURE);
        }
        return flight;
    }
}
