package io.github.flinkjobs.flightimporter;

import io.github.flinkjobs.core.model.SkyOneAirlinesFlightData;
import io.github.flinkjobs.core.model.SunsetAirFlightData;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic bookings of both airline feeds, as the course's {@code DataGenerator} makes them: record {@code i} of a
 * feed is a pure function of the seed, the start time and {@code i}, so the same seed and start give the same records
 * whatever the parallelism or the rate.
 *
 * <ul>
 *   <li>passengers from a fixed pool of 100 users (the same in every run), so their emails repeat
 *       and statistics accumulate;
 *   <li>30 US airports by IATA code, arrival airport different from the departure airport;
 *   <li>departures on whole minutes, after the start and within a year of it; flights of 30 minutes to 15 hours;
 *   <li>SkyOne tickets of 500 to 1499.99, Sunset totals of 300 to 1799.99; flight numbers, confirmation and
 *       reference codes and aircraft as the course writes them ({@code SKY1042}, {@code SKY1QWERTY}, {@code SUN042},
 *       {@code SUNQWERTYUI}, {@code AircraftABC}).
 * </ul>
 */
public final class GeneratedFlights implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The airports flights go between: the 30 of the course. */
    public static final List<String> AIRPORTS = List.of("ATL", "DFW", "DEN", "ORD", "LAX", "CLT", "MCO", "LAS",
            "PHX", "MIA", "SEA", "IAH", "JFK", "EWR", "FLL", "MSP", "SFO", "DTW", "BOS", "SLC", "PHL", "BWI", "TPA",
            "SAN", "LGA", "MDW", "BNA", "IAD", "DCA", "AUS");

    /** The passengers' emails: a fixed pool, the same for every seed. */
    public static final List<String> USERS = users();

    static final Duration SHORTEST_FLIGHT = Duration.ofMinutes(30);

    static final Duration LONGEST_FLIGHT = Duration.ofHours(15);

    private static final long MINUTES_PER_YEAR = Duration.ofDays(365).toMinutes();

    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final long seed;
    private final Instant start;

    /** The bookings of {@code seed}, departing within a year after {@code start}. */
    public GeneratedFlights(long seed, Instant start) {
        this.seed = seed;
        this.start = start.truncatedTo(ChronoUnit.MINUTES);
    }

    /** Booking {@code index} of the SkyOne feed. */
    public SkyOneAirlinesFlightData skyOne(long index) {
        SplittableRandom random = random(AirlineFeed.SKYONE, index);
        Instant departure = departure(random);
        Instant arrival = departure.plus(flightDuration(random));
        int from = random.nextInt(AIRPORTS.size());
        return new SkyOneAirlinesFlightData(user(random), departure, AIRPORTS.get(from), arrival,
                AIRPORTS.get(otherAirport(random, from)), "SKY1" + digits(random), "SKY1" + letters(random, 6),
                BigDecimal.valueOf(50_000 + random.nextInt(100_000), 2), "Aircraft" + letters(random, 3),
                user(random));
    }

    /** Booking {@code index} of the Sunset feed. */
    public SunsetAirFlightData sunset(long index) {
        SplittableRandom random = random(AirlineFeed.SUNSET, index);
        Instant departure = departure(random);
        Duration duration = flightDuration(random);
        int from = random.nextInt(AIRPORTS.size());
        return new SunsetAirFlightData(user(random), departure, AIRPORTS.get(from), departure.plus(duration),
                AIRPORTS.get(otherAirport(random, from)), duration.toMillis(), "SUN" + digits(random),
                "SUN" + letters(random, 8), BigDecimal.valueOf(30_000 + random.nextInt(150_000), 2),
                "Aircraft" + letters(random, 4));
    }

    /** A random source of its own for each feed and index, derived from the seed alone. */
    private SplittableRandom random(AirlineFeed feed, long index) {
        return new SplittableRandom(mix(seed ^ mix(feed.feedName().hashCode() ^ mix(index))));
    }

    private Instant departure(SplittableRandom random) {
        return start.plus(Duration.ofMinutes(1 + random.nextLong(MINUTES_PER_YEAR)));
    }

    private static Duration flightDuration(SplittableRandom random) {
        long minutes = SHORTEST_FLIGHT.toMinutes()
                + random.nextLong(LONGEST_FLIGHT.toMinutes() - SHORTEST_FLIGHT.toMinutes() + 1);
        return Duration.ofMinutes(minutes);
    }

    private static String user(SplittableRandom random) {
        return USERS.get(random.nextInt(USERS.size()));
    }

    private static int otherAirport(SplittableRandom random, int from) {
        return (from + 1 + random.nextInt(AIRPORTS.size() - 1)) % AIRPORTS.size();
    }

    private static String digits(SplittableRandom random) {
        return String.format("%03d", random.nextInt(1000));
    }

    private static String letters(SplittableRandom random, int count) {
        StringBuilder text = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return text.toString();
    }

    /** The finalizer of MurmurHash3: spreads every bit of the input over the output. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static List<String> users() {
        List<String> first = List.of("ana", "ben", "chloe", "dev", "elena", "farid", "grace", "hiro", "ines", "jonas");
        List<String> last = List.of("silva", "okafor", "novak", "tanaka", "murphy", "haddad", "larsen", "kowalski",
                "moreau", "garcia");
        List<String> users = new ArrayList<>(first.size() * last.size());
        for (String lastName : last) {
            for (String firstName : first) {
                users.add(firstName + "." + lastName + "@example.com");
            }
        }
        return List.copyOf(users);
    }
}
