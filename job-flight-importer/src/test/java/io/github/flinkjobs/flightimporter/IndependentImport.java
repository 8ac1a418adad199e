package io.github.flinkjobs.flightimporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.FlightData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What the importer must make of feed records, worked out without the importer's code (a plain Jackson tree and
 * {@code java.time}), and the readers of what it wrote: flights and dead letters, the latter compared by reason and
 * raw bytes.
 */
final class IndependentImport {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final JsonCodec<FlightData> FLIGHTS = JsonCodec.of(FlightData.class);
    private static final JsonCodec<DeadLetter> DEAD_LETTERS = JsonCodec.of(DeadLetter.class);

    private IndependentImport() {
    }

    /** The flight a valid record of {@code feed} stands for. */
    static FlightData flight(AirlineFeed feed, String json) {
        try {
            JsonNode node = PLAIN.readTree(json);
            return feed == AirlineFeed.SKYONE
                    ? new FlightData(node.get("emailAddress").asText(), time(node, "flightDepartureTime"),
                            node.get("iataDepartureCode").asText(), time(node, "flightArrivalTime"),
                            node.get("iataArrivalCode").asText(), node.get("flightNumber").asText(),
                            node.get("confirmation").asText(), "skyone")
                    : new FlightData(node.get("customerEmailAddress").asText(), time(node, "departureTime"),
                            node.get("departureAirport").asText(), time(node, "arrivalTime"),
                            node.get("arrivalAirport").asText(), node.get("flightId").asText(),
                            node.get("referenceNumber").asText(), "sunset");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant time(JsonNode node, String field) {
        return OffsetDateTime.parse(node.get(field).asText()).toInstant();
    }

    /** A dead letter as the tests compare it: its reason and the exact bytes of the rejected record. */
    static String rejected(String reason, byte[] raw) {
        return reason + " " + (raw == null ? "<no value>" : Base64.getEncoder().encodeToString(raw));
    }

    static String rejected(String reason, String raw) {
        return rejected(reason, raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The dead letter as the tests compare it. */
    static String rejected(DeadLetter deadLetter) {
        byte[] raw = deadLetter.raw() == null ? null
                : DeadLetter.BASE64.equals(deadLetter.rawEncoding()) ? Base64.getDecoder().decode(deadLetter.raw())
                : deadLetter.raw().getBytes(StandardCharsets.UTF_8);
        return rejected(deadLetter.reason(), raw);
    }

    /** Flights written as JSON lines. */
    static List<FlightData> flights(List<String> jsonLines) throws IOException {
        List<FlightData> flights = new ArrayList<>();
        for (String line : jsonLines) {
            flights.add(FLIGHTS.read(line));
        }
        return flights;
    }

    /** Dead letters written as JSON lines. */
    static List<DeadLetter> deadLetters(List<String> jsonLines) throws IOException {
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (String line : jsonLines) {
            deadLetters.add(DEAD_LETTERS.read(line));
        }
        return deadLetters;
    }
}
