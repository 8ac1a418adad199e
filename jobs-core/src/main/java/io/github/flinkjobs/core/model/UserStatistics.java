package io.github.flinkjobs.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.github.flinkjobs.core.json.IsoDurationMillis;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One user's flight statistics, as the usage statistics job writes them to topic {@code userstatistics}: the
 * course's {@code UserStatistics} (number of flights and their total duration, per email address) plus the end of
 * the window they were emitted for:
 * <pre>{"emailAddress":"ana@example.com","totalFlightDuration":"PT26H30M","numberOfFlights":3,
 * "windowEnd":"2099-01-01T10:16:00.000Z"}</pre>
 * The total duration is held in milliseconds, since Flink has no serializer for {@link Duration} (the record is a
 * POJO, never Kryo), and written as ISO-8601 under the name {@code totalFlightDuration}.
 *
 * @param emailAddress the user
 * @param totalFlightDurationMillis the summed time from departure to arrival of the flights, in milliseconds
 * @param numberOfFlights how many flights
 * @param windowEnd the end of the latest window whose flights are counted; {@code null} for the statistics of flights
 *     not yet assigned to a window
 */
public record UserStatistics(
        String emailAddress,
        @JsonProperty("totalFlightDuration")
        @JsonSerialize(using = IsoDurationMillis.Writer.class)
        @JsonDeserialize(using = IsoDurationMillis.Reader.class)
        long totalFlightDurationMillis,
        long numberOfFlights,
        Instant windowEnd) {

    /** The statistics of one flight: its duration, one flight, no window yet. */
    public static UserStatistics fromFlightData(FlightData flight) {
        long millis = Duration.between(flight.departureTime(), flight.arrivalTime()).toMillis();
        return new UserStatistics(flight.emailAddress(), millis, 1, null);
    }

    /**
     * The statistics of both: durations and flights summed, and the later of the two window ends.
     *
     * @throws IllegalArgumentException when the two are of different users
     */
    public UserStatistics merge(UserStatistics other) {
        if (!Objects.equals(emailAddress, other.emailAddress)) {
            throw new IllegalArgumentException("cannot merge the statistics of " + emailAddress + " and "
                    + other.emailAddress);
        }
        return new UserStatistics(emailAddress,
                Math.addExact(totalFlightDurationMillis, other.totalFlightDurationMillis),
                Math.addExact(numberOfFlights, other.numberOfFlights),
                later(windowEnd, other.windowEnd));
    }

    /** The same statistics for the window ending at {@code end}. */
    public UserStatistics withWindowEnd(Instant end) {
        return new UserStatistics(emailAddress, totalFlightDurationMillis, numberOfFlights, end);
    }

    /** The total flight duration. */
    public Duration totalFlightDuration() {
        return Duration.ofMillis(totalFlightDurationMillis);
    }

    private static Instant later(Instant first, Instant second) {
        if (first == null) {
            return second;
        }
        return second == null || first.isAfter(second) ? first : second;
    }
}
