package io.github.flinkjobs.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One booking of the SkyOne Airlines feed (topic {@code skyone}), in the JSON of the course's
 * {@code SkyOneAirlinesFlightData}:
 * <pre>{"emailAddress":"ana@example.com","flightDepartureTime":"2099-01-01T10:15:00.000Z","iataDepartureCode":"LHR",
 * "flightArrivalTime":"2099-01-01T18:40:00.000Z","iataArrivalCode":"JFK","flightNumber":"SKY1234",
 * "confirmation":"SKY1ABCDEF","ticketPrice":812.50,"aircraft":"AircraftXYZ","bookingAgencyEmail":"desk@example.com"}</pre>
 * Times are {@link Instant}s (written in UTC with milliseconds, any ISO-8601 offset accepted) so that Flink
 * serializes the record as a POJO, without Kryo; unknown JSON fields are ignored. The fields in
 * {@link #REQUIRED_FIELDS} must be present; price, aircraft and agency are optional ({@code null} when absent).
 */
public record SkyOneAirlinesFlightData(
        String emailAddress,
        Instant flightDepartureTime,
        String iataDepartureCode,
        Instant flightArrivalTime,
        String iataArrivalCode,
        String flightNumber,
        String confirmation,
        BigDecimal ticketPrice,
        String aircraft,
        String bookingAgencyEmail) {

    /** The JSON name of the passenger's email address. */
    public static final String EMAIL_FIELD = "emailAddress";

    /** The JSON fields a record must have (not {@code null}) to be imported. */
    public static final List<String> REQUIRED_FIELDS = List.of(EMAIL_FIELD, "flightDepartureTime",
            "iataDepartureCode", "flightArrivalTime", "iataArrivalCode", "flightNumber", "confirmation");

    /** The flight in the common shape, with source {@value FlightData#SKYONE}. */
    public FlightData toFlightData() {
        return new FlightData(emailAddress, flightDepartureTime, iataDepartureCode, flightArrivalTime,
                iataArrivalCode, flightNumber, confirmation, FlightData.SKYONE);
    }
}
