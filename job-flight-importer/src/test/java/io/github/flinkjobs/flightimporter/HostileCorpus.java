package io.github.flinkjobs.flightimporter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinkjobs.core.model.FlightData;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded corpus of feed records of every kind, each written with what the importer must make of it, worked out
 * here and not by the importer's code: valid flights (times with several UTC offsets, with and without fractions,
 * optional fields absent or null, unknown fields, Sunset durations as seconds or ISO-8601) arriving before, at or
 * after "now", and bad records of many kinds (malformed JSON, empty records, each required field missing or null,
 * wrong types, bad times, arrival before departure, flights longer than 48 hours, email addresses no job can store,
 * invalid UTF-8).
 */
final class HostileCorpus {

    /** The JSON names of one feed's fields, by role. */
    private record Fields(String email, String departure, String from, String arrival, String to, String number,
            String code, String price, String aircraft) {

        List<String> required() {
            return List.of(email, departure, from, arrival, to, number, code);
        }

        List<String> texts() {
            return List.of(email, from, to, number, code, aircraft);
        }
    }

    private static final Map<AirlineFeed, Fields> FIELDS = Map.of(
            AirlineFeed.SKYONE, new Fields("emailAddress", "flightDepartureTime", "iataDepartureCode",
                    "flightArrivalTime", "iataArrivalCode", "flightNumber", "confirmation", "ticketPrice", "aircraft"),
            AirlineFeed.SUNSET, new Fields("customerEmailAddress", "departureTime", "departureAirport", "arrivalTime",
                    "arrivalAirport", "flightId", "referenceNumber", "totalPrice", "aircraftDetails"));

    private static final List<ZoneOffset> OFFSETS = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(2),
            ZoneOffset.ofHours(-5), ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(14), ZoneOffset.ofHours(-12),
            ZoneOffset.ofHoursMinutes(-3, -30));

    private static final List<String> TIME_PATTERNS = List.of("uuuu-MM-dd'T'HH:mm:ssxxx",
            "uuuu-MM-dd'T'HH:mm:ss.SSSxxx", "uuuu-MM-dd'T'HH:mmxxx", "uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final Map<AirlineFeed, List<byte[]>> records = new EnumMap<>(AirlineFeed.class);
    private final Map<AirlineFeed, List<String>> rejected = new EnumMap<>(AirlineFeed.class);
    private final List<FlightData> flights = new ArrayList<>();
    private int pastFlights;
    private final Random random;
    private final Instant now;

    private HostileCorpus(long seed, Instant now) {
        this.random = new Random(seed);
        this.now = now;
    }

    /** {@code perFeed} records of each feed, judged against {@code now}. */
    static HostileCorpus generate(long seed, int perFeed, Instant now) {
        HostileCorpus corpus = new HostileCorpus(seed, now);
        for (AirlineFeed feed : AirlineFeed.values()) {
            corpus.records.put(feed, new ArrayList<>());
            corpus.rejected.put(feed, new ArrayList<>());
            for (int i = 0; i < perFeed; i++) {
                corpus.addRecord(feed);
            }
        }
        return corpus;
    }

    /** The records of a feed, in order. */
    List<byte[]> records(AirlineFeed feed) {
        return records.get(feed);
    }

    /** The records of a feed as the lines of one file. */
    byte[] file(AirlineFeed feed) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (byte[] record : records.get(feed)) {
            file.writeBytes(record);
            file.write('\n');
        }
        return file.toByteArray();
    }

    /** The flights the importer must write: the valid ones arriving after now. */
    List<FlightData> expectedFlights() {
        return flights;
    }

    /** The dead letters of a feed, as {@link IndependentImport#rejected} compares them. */
    List<String> expectedDeadLetters(AirlineFeed feed) {
        return rejected.get(feed);
    }

    /** How many valid flights arrived at or before now. */
    int pastFlights() {
        return pastFlights;
    }

    private void addRecord(AirlineFeed feed) {
        int kind = random.nextInt(14);
        switch (kind) {
            case 0, 1, 2, 3 -> valid(feed, now.plus(Duration.ofMinutes(1 + random.nextInt(500_000))));
            case 4 -> valid(feed, random.nextBoolean() ? now : now.minus(Duration.ofMinutes(random.nextInt(500_000))));
            case 5 -> reject(feed, malformedJson(feed), "malformed-json");
            case 6 -> reject(feed, new byte[0], "malformed-json");
            case 7 -> missingField(feed);
            case 8 -> wrongType(feed);
            case 9 -> badTime(feed);
            case 10 -> arrivalBeforeDeparture(feed);
            case 11 -> implausibleDuration(feed);
            case 12 -> badEmail(feed);
            default -> invalidUtf8(feed);
        }
    }

    /** A valid flight arriving at {@code arrival}: imported when that is after now, otherwise dropped. */
    private void valid(AirlineFeed feed, Instant arrival) {
        Instant departure = arrival.minus(Duration.ofMinutes(random.nextInt(16 * 60)));
        Map<String, Object> json = flight(feed, departure, arrival);
        add(feed, json);
        Fields fields = FIELDS.get(feed);
        if (arrival.isAfter(now)) {
            flights.add(new FlightData((String) json.get(fields.email()), departure, (String) json.get(fields.from()),
                    arrival, (String) json.get(fields.to()), (String) json.get(fields.number()),
                    (String) json.get(fields.code()), feed.feedName()));
        } else {
            pastFlights++;
        }
    }

    private Map<String, Object> flight(AirlineFeed feed, Instant departure, Instant arrival) {
        Fields fields = FIELDS.get(feed);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(fields.email(), "user" + random.nextInt(50) + "@example.com");
        json.put(fields.departure(), time(departure));
        json.put(fields.from(), airport());
        json.put(fields.arrival(), time(arrival));
        json.put(fields.to(), airport());
        json.put(fields.number(), (feed == AirlineFeed.SKYONE ? "SKY1" : "SUN") + random.nextInt(1000));
        json.put(fields.code(), "REF" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        optional(json, fields.price(), BigDecimal.valueOf(random.nextInt(200_000), 2));
        optional(json, fields.aircraft(), "Aircraft" + (char) ('A' + random.nextInt(26)));
        if (feed == AirlineFeed.SKYONE) {
            optional(json, "bookingAgencyEmail", "agency" + random.nextInt(5) + "@example.com");
        } else {
            long seconds = Duration.between(departure, arrival).toSeconds();
            Object duration = switch (random.nextInt(3)) {
                case 0 -> seconds;
                case 1 -> new BigDecimal(seconds + ".000000000");
                default -> Duration.ofSeconds(seconds).toString();
            };
            optional(json, "flightDuration", duration);
        }
        if (random.nextInt(4) == 0) {
            json.put("extra" + random.nextInt(3), random.nextBoolean() ? List.of(1, "two") : Map.of("nested", true));
        }
        return json;
    }

    /** Absent, null or the value. */
    private void optional(Map<String, Object> json, String field, Object value) {
        switch (random.nextInt(4)) {
            case 0 -> { }
            case 1 -> json.put(field, null);
            default -> json.put(field, value);
        }
    }

    private String time(Instant instant) {
        ZoneOffset offset = OFFSETS.get(random.nextInt(OFFSETS.size()));
        String pattern = instant.getNano() == 0 && instant.getEpochSecond() % 60 == 0
                ? TIME_PATTERNS.get(random.nextInt(TIME_PATTERNS.size()))
                : TIME_PATTERNS.get(1);
        String text = OffsetDateTime.ofInstant(instant, offset).format(DateTimeFormatter.ofPattern(pattern));
        return text.endsWith("+00:00") && random.nextBoolean() ? text.replace("+00:00", "Z") : text;
    }

    private String airport() {
        return GeneratedFlights.AIRPORTS.get(random.nextInt(GeneratedFlights.AIRPORTS.size()));
    }

    private Map<String, Object> someFlight(AirlineFeed feed) {
        Instant arrival = now.plus(Duration.ofHours(1 + random.nextInt(1000)));
        return flight(feed, arrival.minus(Duration.ofMinutes(30 + random.nextInt(600))), arrival);
    }

    private byte[] malformedJson(AirlineFeed feed) {
        String valid = json(someFlight(feed));
        return (switch (random.nextInt(7)) {
            case 0 -> valid.substring(0, 1 + random.nextInt(valid.length() - 1));
            case 1 -> "not json at all";
            case 2 -> "[" + valid + "]";
            case 3 -> Integer.toString(random.nextInt());
            case 4 -> valid + " {}";
            case 5 -> "null";
            default -> "   ";
        }).getBytes(StandardCharsets.UTF_8);
    }

    private void missingField(AirlineFeed feed) {
        Map<String, Object> json = someFlight(feed);
        List<String> required = FIELDS.get(feed).required();
        String field = required.get(random.nextInt(required.size()));
        if (random.nextBoolean()) {
            json.remove(field);
        } else {
            json.put(field, null);
        }
        reject(feed, json, "missing-field:" + field);
    }

    private void wrongType(AirlineFeed feed) {
        Map<String, Object> json = someFlight(feed);
        Fields fields = FIELDS.get(feed);
        List<String> candidates = new ArrayList<>(fields.texts());
        candidates.add(fields.price());
        if (feed == AirlineFeed.SUNSET) {
            candidates.add("flightDuration");
        }
        String field = candidates.get(random.nextInt(candidates.size()));
        Object wrong;
        if (field.equals(fields.price())) {
            wrong = random.nextBoolean() ? "12.50" : List.of(12.5);
        } else if (field.equals("flightDuration")) {
            wrong = random.nextBoolean() ? true : "about eight hours";
        } else {
            wrong = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(1000);
                case 1 -> random.nextBoolean();
                case 2 -> Map.of("value", "x");
                default -> List.of("x");
            };
        }
        json.put(field, wrong);
        reject(feed, json, "wrong-type:" + field);
    }

    private void badTime(AirlineFeed feed) {
        Map<String, Object> json = someFlight(feed);
        Fields fields = FIELDS.get(feed);
        String field = random.nextBoolean() ? fields.departure() : fields.arrival();
        Object bad = switch (random.nextInt(5)) {
            case 0 -> "2099-01-01T10:15:00";
            case 1 -> "next tuesday";
            case 2 -> 4_070_908_800L;
            case 3 -> "2099-02-30T10:15:00Z";
            default -> "2099-01-01 10:15:00Z";
        };
        json.put(field, bad);
        reject(feed, json, "bad-time:" + field);
    }

    private void arrivalBeforeDeparture(AirlineFeed feed) {
        Instant arrival = random.nextBoolean() ? now.plus(Duration.ofDays(3)) : now.minus(Duration.ofDays(3));
        Instant departure = arrival.plus(Duration.ofMillis(1 + random.nextInt(3_600_000)));
        reject(feed, flight(feed, departure, arrival), "arrival-before-departure");
    }

    /**
     * Longer than 48 hours: by a millisecond or by days; or from the first year an instant can hold to the last,
     * which is a bad time (only the years 0000 to 9999 are read).
     */
    private void implausibleDuration(AirlineFeed feed) {
        Fields fields = FIELDS.get(feed);
        Map<String, Object> json;
        switch (random.nextInt(3)) {
            case 0 -> {
                Instant departure = now.plus(Duration.ofMinutes(random.nextInt(500_000)));
                json = flight(feed, departure, departure.plus(Duration.ofHours(48).plusMillis(1)));
            }
            case 1 -> {
                Instant departure = now.minus(Duration.ofMinutes(random.nextInt(500_000)));
                json = flight(feed, departure, departure.plus(Duration.ofDays(3 + random.nextInt(5000))));
            }
            default -> {
                json = someFlight(feed);
                json.put(fields.departure(), "-999999999-01-01T00:00:00Z");
                json.put(fields.arrival(), "+999999999-12-31T00:00:00Z");
                json.remove("flightDuration");
                reject(feed, json, "bad-time:" + fields.departure());
                return;
            }
        }
        reject(feed, json, "implausible-duration");
    }

    /**
     * An email address no job can store in PostgreSQL or use as a Kafka key: blank, with a NUL or another control
     * character, with an unpaired surrogate (a JSON escape, as no UTF-8 can hold one), or of 321 characters.
     */
    private void badEmail(AirlineFeed feed) {
        Fields fields = FIELDS.get(feed);
        Map<String, Object> json = someFlight(feed);
        String placeholder = "placeholder-" + random.nextInt(1000) + "@example.com";
        json.put(fields.email(), placeholder);
        String email = switch (random.nextInt(7)) {
            case 0 -> "";
            case 1 -> " \\t ";
            case 2 -> "ana\\u0000@example.com";
            case 3 -> "ana@example.com\\n";
            case 4 -> "ana\u007f@example.com";
            case 5 -> "\\ud83dana@example.com";
            default -> "a".repeat(309) + "@example.com";
        };
        byte[] record = json(json).replace(placeholder, email).getBytes(StandardCharsets.UTF_8);
        reject(feed, record, "bad-value:" + fields.email());
    }

    private void invalidUtf8(AirlineFeed feed) {
        byte[] valid = json(someFlight(feed)).getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[valid.length + 1];
        int at = 2 + random.nextInt(5);
        System.arraycopy(valid, 0, bad, 0, at);
        bad[at] = random.nextBoolean() ? (byte) 0xFF : (byte) 0xC3;
        System.arraycopy(valid, at, bad, at + 1, valid.length - at);
        reject(feed, bad, "invalid-utf8");
    }

    private void add(AirlineFeed feed, Map<String, Object> json) {
        records.get(feed).add(json(json).getBytes(StandardCharsets.UTF_8));
    }

    private void reject(AirlineFeed feed, Map<String, Object> json, String reason) {
        reject(feed, json(json).getBytes(StandardCharsets.UTF_8), reason);
    }

    private void reject(AirlineFeed feed, byte[] record, String reason) {
        records.get(feed).add(record);
        rejected.get(feed).add(IndependentImport.rejected(reason, record));
    }

    private static String json(Map<String, Object> json) {
        try {
            return PLAIN.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a Kafka record without a value to each feed (reason {@code null-value}); files cannot hold one. */
    void addRecordsWithoutValue() {
        for (AirlineFeed feed : AirlineFeed.values()) {
            records.get(feed).add(null);
            rejected.get(feed).add(IndependentImport.rejected("null-value", (byte[]) null));
        }
    }
}
