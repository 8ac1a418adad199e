package io.github.flinkjobs.reliability;

import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.SkyOneAirlinesFlightData;
import io.github.flinkjobs.core.model.SunsetAirFlightData;
import io.github.flinkjobs.flightimporter.GeneratedFlights;
import io.github.flinkjobs.testing.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;

/**
 * The bookings the tests feed the flight jobs: those of the flight data generator (a pure function of seed, start and
 * index), all arriving after {@link #now()}, and the flights the importer must make of them. Record {@code i} has
 * event time (Kafka timestamp) {@code eventTimeStart + i} seconds and goes to partition {@code i % 2}, so each
 * partition is in event-time order.
 */
final class FlightFeeds {

    static final int PARTITIONS = 2;

    static final JsonCodec<FlightData> FLIGHT_JSON = JsonCodec.of(FlightData.class);
    private static final JsonCodec<SkyOneAirlinesFlightData> SKYONE_JSON = JsonCodec.of(SkyOneAirlinesFlightData.class);
    private static final JsonCodec<SunsetAirFlightData> SUNSET_JSON = JsonCodec.of(SunsetAirFlightData.class);

    private final GeneratedFlights bookings;
    private final Instant now;
    private final Instant eventTimeStart;

    FlightFeeds(long seed) {
        this.now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        this.bookings = new GeneratedFlights(seed, now);
        // Recent, since the broker refuses timestamps far in the future and deletes old ones.
        this.eventTimeStart = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    }

    /** The importer's {@code --now}: every booking arrives after it. */
    Instant now() {
        return now;
    }

    /** Produces SkyOne and Sunset bookings {@code from} (inclusive) to {@code to} (exclusive). */
    void produce(TestKafka kafka, String skyOneTopic, String sunsetTopic, int from, int to) {
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<TestKafka.Message> skyOne = new ArrayList<>();
            List<TestKafka.Message> sunset = new ArrayList<>();
            for (int i = firstOf(partition, from); i < to; i += PARTITIONS) {
                skyOne.add(new TestKafka.Message(null, SKYONE_JSON.writeAsString(bookings.skyOne(i)), eventTime(i)));
                sunset.add(new TestKafka.Message(null, SUNSET_JSON.writeAsString(bookings.sunset(i)), eventTime(i)));
            }
            kafka.produce(skyOneTopic, partition, skyOne);
            kafka.produce(sunsetTopic, partition, sunset);
        }
    }

    /** Produces the flights of bookings {@code from} to {@code to}, as the importer writes them, keyed by email. */
    void produceFlights(TestKafka kafka, String topic, int from, int to) {
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<TestKafka.Message> messages = new ArrayList<>();
            for (int i = firstOf(partition, from); i < to; i += PARTITIONS) {
                FlightData flight = flight(i);
                messages.add(new TestKafka.Message(flight.emailAddress(), FLIGHT_JSON.writeAsString(flight),
                        eventTime(i)));
            }
            kafka.produce(topic, partition, messages);
        }
    }

    /** The flights the importer makes of both feeds' bookings {@code 0} to {@code to}, in a fixed order. */
    List<FlightData> importedFlights(int to) {
        return sorted(LongStream.range(0, to)
                .boxed()
                .flatMap(i -> java.util.stream.Stream.of(bookings.skyOne(i).toFlightData(),
                        bookings.sunset(i).toFlightData()))
                .toList());
    }

    /** Flight {@code i} for the usage statistics' input: SkyOne booking {@code i}. */
    FlightData flight(long i) {
        return bookings.skyOne(i).toFlightData();
    }

    /** The flights committed to {@code topic}, in the order of {@link #importedFlights}. */
    static List<FlightData> committedFlights(TestKafka kafka, String topic) {
        return sorted(kafka.readCommittedValues(topic).stream().map(FlightFeeds::read).toList());
    }

    private static List<FlightData> sorted(List<FlightData> flights) {
        return flights.stream().sorted(Comparator.comparing(FlightData::toString)).toList();
    }

    private static FlightData read(String json) {
        try {
            return FLIGHT_JSON.read(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a flight: " + json, e);
        }
    }

    private long eventTime(long i) {
        return eventTimeStart.plusSeconds(i).toEpochMilli();
    }

    private static int firstOf(int partition, int from) {
        int first = from - Math.floorMod(from, PARTITIONS) + partition;
        return first < from ? first + PARTITIONS : first;
    }
}
