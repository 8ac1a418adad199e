package io.github.flinkjobs.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.github.flinkjobs.core.json.IsoDurationMillis;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One booking of the Sunset Air feed (topic {@code sunset}), in the JSON of the course's {@code SunsetAirFlightData}:
 * <pre>{"customerEmailAddress":"ana@example.com","departureTime":"2099-01-01T10:15:00.000Z","departureAirport":"LHR",
 * "arrivalTime":"2099-01-01T18:40:00.000Z","arrivalAirport":"JFK","flightDuration":"PT8H25M","flightId":"SUN123",
 * "referenceNumber":"SUNABCDEFGH","totalPrice":1299.00,"aircraftDetails":"AircraftWXYZ"}</pre>
 * Times are {@link Instant}s (written in UTC with milliseconds, any ISO-8601 offset accepted) and the flight
 * duration is a number of milliseconds, so that Flink serializes the record as a POJO, without Kryo. In JSON the
 * duration is {@code flightDuration}: read as the course writes it (a number of seconds, {@code 30300} or
 * {@code 30300.000000000}) or as ISO-8601 ({@code PT8H25M}), written as ISO-8601. Unknown JSON fields are ignored.
 * The fields in {@link #REQUIRED_FIELDS} must be present; duration, price and aircraft are optional.
 *
 * @param flightDurationMillis the flight's duration in milliseconds ({@code flightDuration} in JSON), or {@code null}
 */
public record SunsetAirFlightData(
        String customerEmailAddress,
        Instant departureTime,
        String departureAirport,
        Instant arrivalTime,
        String arrivalAirport,
        @JsonProperty("flightDuration")
        @JsonSerialize(using = IsoDurationMillis.Writer.class)
        @JsonDeserialize(using = FlightDurationJson.Reader.class)
        Long flightDurationMillis,
        String flightId,
        String referenceNumber,
        BigDecimal totalPrice,
        String aircraftDetails) {

    /** The JSON name of the passenger's email address. */
    public static final String EMAIL_FIELD = "customerEmailAddress";

    /** The JSON fields a record must have (not {@code null}) to be imported. */
    public static final List<String> REQUIRED_FIELDS = List.of(EMAIL_FIELD, "departureTime",
            "departureAirport", "arrivalTime", "arrivalAirport", "flightId", "referenceNumber");

    /** The flight in the common shape, with source {@value FlightData#SUNSET}. */
    public FlightData toFlightData() {
        return new FlightData(customerEmailAddress, departureTime, departureAirport, arrivalTime, arrivalAirport,
                flightId, referenceNumber, FlightData.SUNSET);
    }
}
