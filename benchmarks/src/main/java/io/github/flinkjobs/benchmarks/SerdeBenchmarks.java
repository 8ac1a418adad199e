package io.github.flinkjobs.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.json.Json;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.SkyOneAirlinesFlightData;
import io.github.flinkjobs.core.model.SunsetAirFlightData;
import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.flightimporter.AirlineFeed;
import io.github.flinkjobs.flightimporter.GeneratedFlights;
import io.github.flinkjobs.usagestats.UsageStatsJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH micro-benchmarks of the JSON serde of each record type, through the code the jobs run: the feeds' parsers
 * ({@link AirlineFeed#parser()}, parsing and checking), usage statistics' flight parser, and {@link JsonCodec}
 * writing what the jobs write. The records are the benchmark's generated bookings.
 *
 * <p>Two more measure no job code: Jackson's tokenizer alone reading the SkyOne booking, from its text (as the jobs
 * parse it, after strict UTF-8 decoding) and from its bytes, without binding anything. They are the floor of any parser
 * built on Jackson, which tells how much faster the jobs' JSON could get without a hand-written parser.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerdeBenchmarks {

    /** What the report calls each benchmark method, in the report's order. */
    static final Map<String, String> NAMES = names();

    private final JsonCodec<FlightData> flightJson = JsonCodec.of(FlightData.class);
    private final JsonCodec<UserStatistics> statisticsJson = JsonCodec.of(UserStatistics.class);
    private final JsonCodec<DeadLetter> deadLetterJson = JsonCodec.of(DeadLetter.class);

    private final JsonFactory tokenizer = Json.mapper().getFactory();

    private RawRecord skyOne;
    private String skyOneText;
    private RawRecord sunset;
    private RawRecord flightRecord;
    private FlightData flight;
    private UserStatistics statistics;
    private DeadLetter deadLetter;

    /** Makes one record of each type, as the benchmark's workload does. */
    @Setup
    public void makeRecords() {
        GeneratedFlights generated = new GeneratedFlights(7, Workload.FLIGHTS_START);
        SkyOneAirlinesFlightData skyOneBooking = generated.skyOne(1);
        SunsetAirFlightData sunsetBooking = generated.sunset(1);
        long now = Instant.now().toEpochMilli();
        skyOne = new RawRecord("skyone", JsonCodec.of(SkyOneAirlinesFlightData.class).write(skyOneBooking), now);
        skyOneText = new String(skyOne.value(), StandardCharsets.UTF_8);
        sunset = new RawRecord("sunset", JsonCodec.of(SunsetAirFlightData.class).write(sunsetBooking), now);
        flight = skyOneBooking.toFlightData();
        flightRecord = new RawRecord("flightdata", flightJson.write(flight), now);
        statistics = UserStatistics.fromFlightData(flight).merge(UserStatistics.fromFlightData(flight))
                .withWindowEnd(Workload.FLIGHTS_START);
        deadLetter = DeadLetter.of(skyOne, "bad-time:flightArrivalTime", Workload.FLIGHTS_START);
    }

    private static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("skyOneParse", "SkyOne parse (feed parser)");
        names.put("skyOneTokensFromText", "SkyOne: Jackson's tokens alone, from text (no binding)");
        names.put("skyOneTokensFromBytes", "SkyOne: Jackson's tokens alone, from bytes (no binding)");
        names.put("sunsetParse", "Sunset parse (feed parser)");
        names.put("flightDataParse", "FlightData parse (usage statistics)");
        names.put("flightDataWrite", "FlightData write");
        names.put("userStatisticsWrite", "UserStatistics write");
        names.put("deadLetterWrite", "DeadLetter write");
        return Collections.unmodifiableMap(names);
    }

    @Benchmark
    public FlightData skyOneParse() throws BadRecordException {
        return AirlineFeed.SKYONE.parser().parse(skyOne);
    }

    @Benchmark
    public int skyOneTokensFromText() throws IOException {
        try (JsonParser parser = tokenizer.createParser(skyOneText)) {
            return countTokens(parser);
        }
    }

    @Benchmark
    public int skyOneTokensFromBytes() throws IOException {
        try (JsonParser parser = tokenizer.createParser(skyOne.value())) {
            return countTokens(parser);
        }
    }

    private static int countTokens(JsonParser parser) throws IOException {
        int tokens = 0;
        while (parser.nextToken() != null) {
            tokens++;
        }
        return tokens;
    }

    @Benchmark
    public FlightData sunsetParse() throws BadRecordException {
        return AirlineFeed.SUNSET.parser().parse(sunset);
    }

    @Benchmark
    public FlightData flightDataParse() throws BadRecordException {
        return UsageStatsJob.parseFlight(flightRecord);
    }

    @Benchmark
    public byte[] flightDataWrite() {
        return flightJson.write(flight);
    }

    @Benchmark
    public byte[] userStatisticsWrite() {
        return statisticsJson.write(statistics);
    }

    @Benchmark
    public byte[] deadLetterWrite() {
        return deadLetterJson.write(deadLetter);
    }
}
