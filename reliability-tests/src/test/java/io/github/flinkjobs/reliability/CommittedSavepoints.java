package io.github.flinkjobs.reliability;

import io.github.flinkjobs.charcount.CharCountJob;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.SkyOneAirlinesFlightData;
import io.github.flinkjobs.core.model.SunsetAirFlightData;
import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.flightimporter.FlightImporterJob;
import io.github.flinkjobs.flightimporter.GeneratedFlights;
import io.github.flinkjobs.testing.JobCluster.MainMethod;
import io.github.flinkjobs.testing.Repository;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.usagestats.UsageStatsJob;
import io.github.flinkjobs.wordcount.WordCount;
import io.github.flinkjobs.wordcount.WordCountJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The savepoints committed under {@code <module>/src/test/resources/savepoints/<release>/<name>/}, one set per
 * release, and the fixed input each was taken from: {@link SavepointGenerator} writes them, {@code
 * CommittedSavepointsIT} and {@code CommittedSavepointsOnRocksDbIT} restore every committed release of each in the
 * current build. See docs/state-compatibility.md.
 *
 * <p>Each savepoint is of a job that read the first {@link Fixture#before()} records of its input and was then stopped
 * with a savepoint (CANONICAL format, parallelism 2). Kafka source state holds topic names and offsets, so the input
 * topics have fixed names per release and savepoint ({@code savepoint-<release>-<name>-<role>}), and a restoring
 * test recreates them with the same records, followed by the records {@code before} to {@code total} that the job
 * reads after the restore. The input is a pure function of the fixture: change it only together with a new
 * savepoint name, or the savepoints of earlier releases no longer match it.
 */
final class CommittedSavepoints {

    /** Where the input's event times (Kafka timestamps) start: record {@code i} has {@code EVENT_TIME_START + i s}. */
    static final Instant EVENT_TIME_START = Instant.parse("2026-01-01T00:00:00Z");

    /** The importer's {@code --now}: every generated booking arrives after it. */
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static final int PARTITIONS = 2;

    static final int PARALLELISM = 2;

    /** The usage statistics' and word count's window, 10 records long. */
    static final String WINDOW = "10s";

    private static final JsonCodec<FlightData> FLIGHT_JSON = JsonCodec.of(FlightData.class);
    private static final JsonCodec<SkyOneAirlinesFlightData> SKYONE_JSON = JsonCodec.of(SkyOneAirlinesFlightData.class);
    private static final JsonCodec<SunsetAirFlightData> SUNSET_JSON = JsonCodec.of(SunsetAirFlightData.class);

    private static final GeneratedFlights BOOKINGS = new GeneratedFlights(20260101L, NOW);

    private static final List<String> USERS = IntStream.range(0, 5).mapToObj(u -> "user" + u + "@example.com")
            .toList();

    private static final List<String> WORDS = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta");

    /** Topics created in this JVM already, with every record of their fixture. */
    private static final Set<String> PREPARED = new HashSet<>();

    /**
     * A committed savepoint.
     *
     * @param name its directory name, also in its topic names
     * @param module the job module whose test resources hold it
     * @param main the job
     * @param roles the input topics' roles (the part of their names after the savepoint's)
     * @param before the records of each input read before the savepoint
     * @param total the records of each input, those read after a restore included
     * @param rocksDb whether the job that took it ran on RocksDB (otherwise on the heap backend)
     */
    record Fixture(String name, String module, MainMethod main, List<String> roles, int before, int total,
            boolean rocksDb) {

        /** The directory of the savepoint of {@code release}. */
        Path directory(String release) {
            return Repository.root().resolve(module).resolve("src/test/resources/savepoints").resolve(release)
                    .resolve(name);
        }

        /** The input topic of {@code role} of the savepoint of {@code release}. */
        String topic(String release, String role) {
            return "savepoint-" + release + "-" + name + "-" + role;
        }

        /** The input topic of the job's first role. */
        String topic(String release) {
            return topic(release, roles.get(0));
        }

        /** Creates the input topics of {@code release} with the records {@code 0} to {@code end}. */
        void produceInput(TestKafka kafka, String release, int end) {
            for (String role : roles) {
                String topic = topic(release, role);
                kafka.createTopic(topic, PARTITIONS, true);
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    List<TestKafka.Message> messages = new ArrayList<>();
                    for (int i = partition; i < end; i += PARTITIONS) {
                        messages.add(record(this, role, i));
                    }
                    kafka.produce(topic, partition, messages);
                }
            }
        }

        /**
         * Makes sure the input topics of {@code release} exist with all {@link #total} records, as the savepoint saw
         * the first {@link #before} of them: created once per broker, so tests restoring the same savepoint share
         * them (they only read them).
         *
         * @throws IllegalStateException when a topic of that name holds other records
         */
        void prepareInput(TestKafka kafka, String release) {
            synchronized (PREPARED) {
                if (PREPARED.add(topic(release))) {
                    if (!kafka.topicExists(topic(release))) {
                        produceInput(kafka, release, total);
                    }
                    for (String role : roles) {
                        long records = kafka.countCommitted(topic(release, role));
                        if (records != total) {
                            throw new IllegalStateException("topic " + topic(release, role) + " holds " + records
                                    + " records, expected the " + total + " of savepoint " + name);
                        }
                    }
                }
            }
        }
    }

    static final Fixture USAGE_STATS = new Fixture("usage-stats", "job-usage-stats", UsageStatsJob::main,
            List.of("flights"), 55, 100, false);

    static final Fixture USAGE_STATS_ROCKSDB = new Fixture("usage-stats-rocksdb", "job-usage-stats",
            UsageStatsJob::main, List.of("flights"), 55, 100, true);

    static final Fixture WORD_COUNT = new Fixture("word-count", "job-wordcount", WordCountJob::main,
            List.of("lines"), 25, 60, false);

    static final Fixture FLIGHT_IMPORTER = new Fixture("flight-importer", "job-flight-importer",
            FlightImporterJob::main, List.of("skyone", "sunset"), 40, 100, false);

    static final Fixture CHAR_COUNT = new Fixture("char-count", "job-char-count", CharCountJob::main,
            List.of("messages"), 12, 30, false);

    static final List<Fixture> ALL = List.of(USAGE_STATS, USAGE_STATS_ROCKSDB, WORD_COUNT, FLIGHT_IMPORTER,
            CHAR_COUNT);

    private CommittedSavepoints() {
    }

    /** The releases with a committed savepoint of {@code fixture}, oldest first. */
    static List<String> releases(Fixture fixture) {
        Path savepoints = fixture.directory("x").getParent().getParent();
        try (Stream<Path> releases = Files.list(savepoints)) {
            List<String> found = releases
                    .filter(release -> Files.isRegularFile(release.resolve(fixture.name()).resolve("_metadata")))
                    .map(release -> release.getFileName().toString())
                    .sorted(Comparator.comparing(CommittedSavepoints::versionKey))
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no committed savepoint of " + fixture.name() + " in " + savepoints);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("no committed savepoints of " + fixture.name() + " in " + savepoints, e);
        }
    }

    private static String versionKey(String release) {
        StringBuilder key = new StringBuilder();
        for (String part : release.split("[.-]")) {
            key.append(String.format("%8s", part)).append('.');
        }
        return key.toString();
    }

    /** Record {@code i} of the {@code role} input of {@code fixture}: in partition {@code i % 2}. */
    static TestKafka.Message record(Fixture fixture, String role, int i) {
        long timestamp = EVENT_TIME_START.plusSeconds(i).toEpochMilli();
        return switch (fixture.name()) {
            case "usage-stats", "usage-stats-rocksdb" -> {
                FlightData flight = flight(i);
                yield new TestKafka.Message(flight.emailAddress(), FLIGHT_JSON.writeAsString(flight), timestamp);
            }
            case "word-count" -> new TestKafka.Message(null, line(i), timestamp);
            case "flight-importer" -> new TestKafka.Message(null, role.equals("skyone")
                    ? SKYONE_JSON.writeAsString(BOOKINGS.skyOne(i))
                    : SUNSET_JSON.writeAsString(BOOKINGS.sunset(i)), timestamp);
            case "char-count" -> new TestKafka.Message(null, message(i), timestamp);
            default -> throw new IllegalArgumentException(fixture.name());
        };
    }

    // ---- usage statistics ----

    /** Flight {@code i}: user {@code i % 5}, departing at its event time, taking {@code 1 + i % 7} hours. */
    static FlightData flight(int i) {
        Instant departure = EVENT_TIME_START.plusSeconds(i);
        return new FlightData(USERS.get(i % USERS.size()), departure, "ATL",
                departure.plus(Duration.ofHours(1 + i % 7)), "LAX", "SKY1" + i, "C" + i, "skyone");
    }

    /**
     * The usage statistics of windows {@code fromWindow} (inclusive) to {@code toWindow} (exclusive) of flights
     * {@code 0} to {@code flights}, per user in the order emitted: after each window with flights of the user, the
     * user's totals over every flight up to that window's end, with the window's end.
     */
    static Map<String, List<UserStatistics>> usageStatistics(int flights, int fromWindow, int toWindow) {
        Map<String, List<UserStatistics>> byUser = new TreeMap<>();
        Map<String, long[]> totals = new TreeMap<>();
        for (int window = 0; window < toWindow; window++) {
            Instant end = EVENT_TIME_START.plusSeconds(10L * (window + 1));
            Map<String, Boolean> inWindow = new TreeMap<>();
            for (int i = window * 10; i < Math.min(flights, window * 10 + 10); i++) {
                FlightData flight = flight(i);
                long[] total = totals.computeIfAbsent(flight.emailAddress(), user -> new long[2]);
                total[0] += Duration.between(flight.departureTime(), flight.arrivalTime()).toMillis();
                total[1]++;
                inWindow.put(flight.emailAddress(), true);
            }
            if (window >= fromWindow) {
                for (String user : inWindow.keySet()) {
                    long[] total = totals.get(user);
                    byUser.computeIfAbsent(user, u -> new ArrayList<>())
                            .add(new UserStatistics(user, total[0], total[1], end));
                }
            }
        }
        return byUser;
    }

    /** The usage statistics committed to {@code topic}, per user in topic order. */
    static Map<String, List<UserStatistics>> committedStatistics(TestKafka kafka, String topic) {
        JsonCodec<UserStatistics> json = JsonCodec.of(UserStatistics.class);
        Map<String, List<UserStatistics>> byUser = new TreeMap<>();
        Outputs.committedByKey(kafka, topic).forEach((user, values) -> byUser.put(user,
                values.stream().map(value -> read(json, value)).toList()));
        return byUser;
    }

    // ---- word count ----

    /** Line {@code i}: three words of {@link #WORDS}. */
    static String line(int i) {
        return WORDS.get(i % 7) + " " + WORDS.get(i * 3 % 7) + " " + WORDS.get(i * 5 % 4);
    }

    /**
     * The word counts of windows {@code fromWindow} (inclusive) to {@code toWindow} (exclusive) of lines {@code 0}
     * to {@code lines}, ordered by window and word.
     */
    static List<WordCount> wordCounts(int lines, int fromWindow, int toWindow) {
        List<WordCount> counts = new ArrayList<>();
        for (int window = fromWindow; window < toWindow; window++) {
            Map<String, Long> perWord = new TreeMap<>();
            for (int i = window * 10; i < Math.min(lines, window * 10 + 10); i++) {
                for (String word : line(i).split(" ")) {
                    perWord.merge(word, 1L, Long::sum);
                }
            }
            Instant start = EVENT_TIME_START.plusSeconds(10L * window);
            perWord.forEach((word, count) -> counts.add(new WordCount(word, count, start, start.plusSeconds(10))));
        }
        return counts;
    }

    /** The word counts in the finished part files of {@code directory}, ordered by window and word. */
    static List<WordCount> committedWordCounts(Path directory) {
        JsonCodec<WordCount> json = JsonCodec.of(WordCount.class);
        return io.github.flinkjobs.testing.PartFiles.lines(directory).stream()
                .map(line -> read(json, line))
                .sorted(Comparator.comparing(WordCount::windowStart).thenComparing(WordCount::word))
                .toList();
    }

    // ---- flight importer ----

    /** The flights the importer makes of both feeds' bookings {@code from} to {@code to}, in a fixed order. */
    static List<FlightData> importedFlights(int from, int to) {
        return sortedFlights(IntStream.range(from, to).boxed()
                .flatMap(i -> Stream.of(BOOKINGS.skyOne(i).toFlightData(), BOOKINGS.sunset(i).toFlightData()))
                .toList());
    }

    /** The flights committed to {@code topic}, in the order of {@link #importedFlights}. */
    static List<FlightData> committedFlights(TestKafka kafka, String topic) {
        return sortedFlights(kafka.readCommittedValues(topic).stream().map(value -> read(FLIGHT_JSON, value))
                .toList());
    }

    private static List<FlightData> sortedFlights(List<FlightData> flights) {
        return flights.stream().sorted(Comparator.comparing(FlightData::toString)).toList();
    }

    // ---- char count ----

    /** Message {@code i}: {@code i + 1} code points, one of them outside the BMP, so every count is different. */
    static String message(int i) {
        return "\uD834\uDD1E" + "a".repeat(i);
    }

    /** The counts of messages {@code from} to {@code to}, as the part files hold them, sorted. */
    static List<String> charCounts(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> Integer.toString(message(i).codePointCount(0,
                message(i).length()))).sorted().toList();
    }

    /** The lines of the finished part files of {@code directory}, sorted. */
    static List<String> committedCharCounts(Path directory) {
        return io.github.flinkjobs.testing.PartFiles.lines(directory).stream().sorted().toList();
    }

    // ---- job arguments ----

    /**
     * The arguments of {@code fixture}'s job reading the input of {@code release} as consumer group {@code group},
     * writing {@code output} (a topic, or a directory for the jobs with file output).
     */
    static List<String> arguments(Fixture fixture, TestKafka kafka, String release, String group, String output) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--group-id",
                group, "--checkpoint-interval", "300ms", "--parallelism", Integer.toString(PARALLELISM)));
        switch (fixture.name()) {
            case "usage-stats", "usage-stats-rocksdb" -> args.addAll(List.of("--input-topic", fixture.topic(release),
                    "--output-topic", output, "--window", WINDOW, "--out-of-orderness", "0s", "--idleness", "1h"));
            case "word-count" -> args.addAll(List.of("--topic", fixture.topic(release), "--output", output,
                    "--window", WINDOW, "--out-of-orderness", "0s", "--idleness", "1h"));
            case "flight-importer" -> args.addAll(List.of("--skyone-topic", fixture.topic(release, "skyone"),
                    "--sunset-topic", fixture.topic(release, "sunset"), "--output-topic", output, "--now",
                    NOW.toString()));
            case "char-count" -> args.addAll(List.of("--topic", fixture.topic(release), "--output", output));
            default -> throw new IllegalArgumentException(fixture.name());
        }
        return args;
    }

    /** The records the job's sources read in a run that starts from the savepoint: those after it, of every input. */
    static long recordsAfter(Fixture fixture) {
        return (long) (fixture.total() - fixture.before()) * fixture.roles().size();
    }

    private static <T> T read(JsonCodec<T> json, String value) {
        try {
            return json.read(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + value, e);
        }
    }

    /**
     * Windows of {@link #WINDOW} (10 records) that fired before the savepoint: those ending at or before the
     * watermark, which trails the later partition's last record ({@code before - 2}) by 1 ms.
     */
    static int windowsFiredBefore(Fixture fixture) {
        return (fixture.before() - 2) / 10;
    }

    /** What the job committed before its savepoint, as {@link #committedOutput} reads it. */
    static Object expectedBefore(Fixture fixture) {
        return switch (fixture.name()) {
            case "usage-stats", "usage-stats-rocksdb" ->
                    usageStatistics(fixture.before(), 0, windowsFiredBefore(fixture));
            case "word-count" -> wordCounts(fixture.before(), 0, windowsFiredBefore(fixture));
            case "flight-importer" -> importedFlights(0, fixture.before());
            case "char-count" -> charCounts(0, fixture.before());
            default -> throw new IllegalArgumentException(fixture.name());
        };
    }

    /**
     * What a run restored from the savepoint commits once it has read the rest of the input and is drained: for the
     * windowed jobs every window that had not fired, with the records saved in its state and the new ones, and for
     * usage statistics the totals continued from the saved ones; for the others the output of the new records, each
     * once.
     */
    static Object expectedAfter(Fixture fixture) {
        return switch (fixture.name()) {
            case "usage-stats", "usage-stats-rocksdb" ->
                    usageStatistics(fixture.total(), windowsFiredBefore(fixture), fixture.total() / 10);
            case "word-count" -> wordCounts(fixture.total(), windowsFiredBefore(fixture), fixture.total() / 10);
            case "flight-importer" -> importedFlights(fixture.before(), fixture.total());
            case "char-count" -> charCounts(fixture.before(), fixture.total());
            default -> throw new IllegalArgumentException(fixture.name());
        };
    }

    /** What the job committed to {@code output} (a topic, or a directory for the jobs with file output). */
    static Object committedOutput(Fixture fixture, TestKafka kafka, String output) {
        return switch (fixture.name()) {
            case "usage-stats", "usage-stats-rocksdb" -> committedStatistics(kafka, output);
            case "word-count" -> committedWordCounts(Path.of(output));
            case "flight-importer" -> committedFlights(kafka, output);
            case "char-count" -> committedCharCounts(Path.of(output));
            default -> throw new IllegalArgumentException(fixture.name());
        };
    }

    /** Whether the job writes files rather than a topic. */
    static boolean writesFiles(Fixture fixture) {
        return fixture.name().equals("word-count") || fixture.name().equals("char-count");
    }

    /** The fixtures by name, for the generator's command line. */
    static Map<String, Fixture> byName() {
        Map<String, Fixture> byName = new LinkedHashMap<>();
        ALL.forEach(fixture -> byName.put(fixture.name(), fixture));
        return byName;
    }
}
