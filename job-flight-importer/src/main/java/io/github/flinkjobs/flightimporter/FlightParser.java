package io.github.flinkjobs.flightimporter;

import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.deadletter.RecordParser;
import io.github.flinkjobs.core.json.JsonRecordParser;
import io.github.flinkjobs.core.model.FlightChecks;
import io.github.flinkjobs.core.model.FlightData;
import java.util.List;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Parses the raw JSON records of one airline feed into {@link FlightData}: the feed's record is read by
 * {@link JsonRecordParser} (reasons {@code malformed-json}, {@code missing-field:<name>}, {@code bad-time:<name>},
 * {@code wrong-type:<name>}, {@code invalid-utf8}, {@code null-value}), converted, and checked by
 * {@link FlightChecks} (reasons {@code bad-value:<email field>}, {@code arrival-before-departure},
 * {@code implausible-duration}), as every job reading flights checks them.
 *
 * @param <T> the feed's record type
 */
public final class FlightParser<T> implements RecordParser<FlightData> {
    private static final long serialVersionUID = 1L;

    private final JsonRecordParser<T> json;
    private final String emailField;
    private final SerializableFunction<T, FlightData> toFlightData;

    /**
     * A parser of the feed whose records are {@code type}, rejecting records without one of {@code requiredFields}
     * and converting the others with {@code toFlightData}; {@code emailField} is the JSON name of the email address,
     * named in the reason of a bad one.
     */
    public FlightParser(Class<T> type, List<String> requiredFields, String emailField,
            SerializableFunction<T, FlightData> toFlightData) {
        this.json = JsonRecordParser.of(type, requiredFields);
        this.emailField = emailField;
        this.toFlightData = toFlightData;
    }

    @Override
    public FlightData parse(RawRecord record) throws BadRecordException {
        return FlightChecks.check(toFlightData.apply(json.parse(record)), emailField);
    }
}
