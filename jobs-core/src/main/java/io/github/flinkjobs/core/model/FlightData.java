package io.github.flinkjobs.core.model;

import java.time.Instant;

/**
 * One flight of one passenger in the common shape both airline feeds are imported into (topic {@code flightdata}),
 * written as the JSON of the course's {@code FlightData} plus {@code source}:
 * <pre>{"emailAddress":"ana@example.com","departureTime":"2099-01-01T10:15:00.000Z","departureAirportCode":"LHR",
 * "arrivalTime":"2099-01-01T18:40:00.000Z","arrivalAirportCode":"JFK","flightNumber":"SKY1234",
 * "confirmationCode":"SKYABC123","source":"skyone"}</pre>
 * Times are {@link Instant}s (written in UTC with milliseconds, any ISO-8601 offset accepted) so that Flink
 * serializes the record as a POJO, without Kryo.
 *
 * @param source the feed the flight came from: {@value #SKYONE} or {@value #SUNSET}
 */
public record FlightData(
        String emailAddress,
        Instant departureTime,
        String departureAirportCode,
        Instant arrivalTime,
        String arrivalAirportCode,
        String flightNumber,
        String confirmationCode,
        String source) {

    /** The {@code source} of flights from the SkyOne Airlines feed. */
    public static final String SKYONE = "skyone";

    /** The {@code source} of flights from the Sunset Air feed. */
    public static final String SUNSET = "sunset";
}
