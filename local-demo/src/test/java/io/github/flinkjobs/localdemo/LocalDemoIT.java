package io.github.flinkjobs.localdemo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.localdemo.Summary.UserTotals;
import io.github.flinkjobs.testing.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Runs the demo with a few bookings and checks its summary against the data. What each user flew is worked out from
 * the bookings in the feed topics with plain Jackson and {@code java.time}, without the jobs' code or the demo's
 * counters, and the summary, the rows of {@code user_statistics} and the last record of each user in
 * {@code userstatistics} must all equal it.
 */
class LocalDemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 60;

    /** Most flights first, then the longest total, then by email: the order the summary promises. */
    private static final Comparator<UserTotals> BUSIEST_FIRST = Comparator
            .comparing((UserTotals user) -> -user.flights())
            .thenComparing(user -> -user.totalFlightSeconds())
            .thenComparing(UserTotals::emailAddress);

    @Test
    void theSummaryEqualsWhatTheGeneratedBookingsAddUpTo() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        JobConfig config = JobConfig.parse(LocalDemo.SPEC, new String[] {
            "--records", Integer.toString(RECORDS), "--duration", "3s", "--web-port", "0",
            "--checkpoint-interval", "1s"}, Map.of());

        try (LocalDemo demo = new LocalDemo(config, new PrintStream(printed, true, UTF_8))) {
            demo.start();
            Summary summary = demo.runPipeline();
            String output = printed.toString(UTF_8);
            System.out.print(output);

            TestKafka kafka = demo.kafka();
            List<Booking> bookings = new ArrayList<>();
            for (String feed : List.of("skyone", "sunset")) {
                for (String value : kafka.readCommittedValues(feed)) {
                    bookings.add(Booking.of(feed, value));
                }
            }
            List<Booking> flights = bookings.stream().filter(Booking::isFlight).toList();
            List<String> refused = bookings.stream().filter(booking -> !booking.isFlight()).map(Booking::raw)
                    .sorted().toList();
            assertThat(flights).as("the generator's bookings").hasSize(2 * RECORDS);
            List<UserTotals> expected = totals(flights);

            assertThat(summary.bookings()).isEqualTo(Map.of(
                    "skyone", count(bookings, "skyone"), "sunset", count(bookings, "sunset")));
            assertThat(summary.generated()).isEqualTo(2L * RECORDS);
            assertThat(summary.flights()).isEqualTo(flights.size())
                    .isEqualTo(kafka.readCommittedValues("flightdata").size());
            assertThat(deadLetterRaws(kafka, "skyone.dlq", "sunset.dlq")).isEqualTo(refused);
            assertThat(summary.allDeadLetters()).isEqualTo(refused.size());
            assertThat(summary.deadLetterReasons()).isEqualTo(deadLetterReasons(kafka));
            assertThat(summary.statistics()).isEqualTo(kafka.readCommitted("userstatistics").size());
            assertThat(summary.database()).isEqualTo(expected);
            assertThat(summary.topic()).isEqualTo(expected);
            assertThat(summary.rows()).isEqualTo(expected.size());
            assertThat(summary.problems()).isEmpty();

            assertThat(rows(demo)).isEqualTo(expected);
            assertThat(lastStatisticsPerUser(kafka)).isEqualTo(expected);

            assertThat(output).containsPattern("imported\\s+" + flights.size() + " flights in flightdata");
            for (UserTotals user : expected.subList(0, 5)) {
                String totals = user.flights() + " flights\\s+" + user.totalFlightSeconds() / 3600 + "h"
                        + String.format("%02d", user.totalFlightSeconds() / 60 % 60) + "m";
                assertThat(output).as("the summary's line of " + user.emailAddress())
                        .containsPattern(Pattern.quote(user.emailAddress()) + "\\s+" + totals + "\\s+" + totals);
            }
        }
    }

    /**
     * A record of a feed and, when it is a usable booking (JSON with the passenger's email and both times, arriving
     * no earlier than it departs), whose flight it is.
     */
    private record Booking(String feed, String raw, String emailAddress, Instant departure, Instant arrival) {

        static Booking of(String feed, String raw) {
            boolean skyOne = feed.equals("skyone");
            try {
                JsonNode booking = JSON.readTree(raw);
                String email = text(booking, skyOne ? "emailAddress" : "customerEmailAddress");
                String departure = text(booking, skyOne ? "flightDepartureTime" : "departureTime");
                String arrival = text(booking, skyOne ? "flightArrivalTime" : "arrivalTime");
                if (email == null || departure == null || arrival == null) {
                    return new Booking(feed, raw, null, null, null);
                }
                Instant departs = OffsetDateTime.parse(departure).toInstant();
                Instant arrives = OffsetDateTime.parse(arrival).toInstant();
                return arrives.isBefore(departs) ? new Booking(feed, raw, null, null, null)
                        : new Booking(feed, raw, email, departs, arrives);
            } catch (IOException e) {
                return new Booking(feed, raw, null, null, null);
            }
        }

        private static String text(JsonNode booking, String field) {
            JsonNode value = booking.get(field);
            return value == null || !value.isTextual() ? null : value.asText();
        }

        boolean isFlight() {
            return emailAddress != null;
        }
    }

    private static long count(List<Booking> bookings, String feed) {
        return bookings.stream().filter(booking -> booking.feed().equals(feed)).count();
    }

    /** Each user's number of flights and summed duration, busiest first. */
    private static List<UserTotals> totals(List<Booking> flights) {
        Map<String, List<Booking>> byUser = flights.stream().collect(Collectors.groupingBy(Booking::emailAddress));
        return byUser.entrySet().stream()
                .map(user -> new UserTotals(user.getKey(), user.getValue().size(), user.getValue().stream()
                        .mapToLong(flight -> Duration.between(flight.departure(), flight.arrival()).toSeconds())
                        .sum()))
                .sorted(BUSIEST_FIRST)
                .toList();
    }

    private static List<String> deadLetterRaws(TestKafka kafka, String... topics) throws IOException {
        List<String> raws = new ArrayList<>();
        for (String topic : topics) {
            for (String value : kafka.readCommittedValues(topic)) {
                raws.add(JSON.readTree(value).get("raw").asText());
            }
        }
        return raws.stream().sorted().toList();
    }

    private static Map<String, Long> deadLetterReasons(TestKafka kafka) throws IOException {
        Map<String, Long> reasons = new TreeMap<>();
        for (String topic : List.of("skyone.dlq", "sunset.dlq", "flightdata.dlq")) {
            for (String value : kafka.readCommittedValues(topic)) {
                reasons.merge(JSON.readTree(value).get("reason").asText(), 1L, Long::sum);
            }
        }
        return reasons;
    }

    private static List<UserTotals> rows(LocalDemo demo) {
        return demo.database().query("SELECT email_address, number_of_flights, total_flight_duration_seconds"
                        + " FROM user_statistics").stream()
                .map(row -> new UserTotals((String) row.get(0), (Long) row.get(1), (Long) row.get(2)))
                .sorted(BUSIEST_FIRST)
                .toList();
    }

    /** The last statistics of each user in topic userstatistics (a user's records are in order in one partition). */
    private static List<UserTotals> lastStatisticsPerUser(TestKafka kafka) throws IOException {
        Map<String, UserTotals> last = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readCommitted("userstatistics")) {
            JsonNode statistics = JSON.readTree(record.value());
            String email = statistics.get("emailAddress").asText();
            assertThat(new String(record.key(), UTF_8)).isEqualTo(email);
            last.put(email, new UserTotals(email, statistics.get("numberOfFlights").asLong(),
                    Duration.parse(statistics.get("totalFlightDuration").asText()).toSeconds()));
        }
        return last.values().stream().sorted(BUSIEST_FIRST).toList();
    }
}
