package io.github.flinkjobs.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.github.flinkjobs.core.json.JsonCodec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SunsetAirFlightDataTest {

    private static final JsonCodec<SunsetAirFlightData> JSON = JsonCodec.of(SunsetAirFlightData.class);

    private static final SunsetAirFlightData FLIGHT = new SunsetAirFlightData("ana@example.com",
            Instant.parse("2099-01-01T10:15:00Z"), "LHR", Instant.parse("2099-01-01T18:40:00Z"), "JFK",
            Duration.ofMinutes(8 * 60 + 25).toMillis(), "SUN123", "SUNABCDEFGH", new BigDecimal("1299.00"),
            "AircraftWXYZ");

    private static final String FLIGHT_JSON = "{\"customerEmailAddress\":\"ana@example.com\","
            + "\"departureTime\":\"2099-01-01T10:15:00.000Z\",\"departureAirport\":\"LHR\","
            + "\"arrivalTime\":\"2099-01-01T18:40:00.000Z\",\"arrivalAirport\":\"JFK\",\"flightDuration\":\"PT8H25M\","
            + "\"flightId\":\"SUN123\",\"referenceNumber\":\"SUNABCDEFGH\",\"totalPrice\":1299.00,"
            + "\"aircraftDetails\":\"AircraftWXYZ\"}";

    private static String withDuration(String duration) {
        return FLIGHT_JSON.replace("\"PT8H25M\"", duration);
    }

    @Test
    void isWrittenAsTheCourseJsonWithUtcTimesAndAnIsoDuration() {
        assertThat(JSON.writeAsString(FLIGHT)).isEqualTo(FLIGHT_JSON);
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        assertThat(JSON.read(JSON.write(FLIGHT))).isEqualTo(FLIGHT);
    }

    @Test
    void readsAnyOffsetAndIgnoresUnknownFields() throws Exception {
        String json = FLIGHT_JSON
                .replace("2099-01-01T10:15:00.000Z", "2099-01-01T15:45:00+05:30")
                .replace("2099-01-01T18:40:00.000Z", "2099-01-01T08:40:00.000-10:00")
                .replace("{", "{\"mealChoice\":\"vegetarian\",\"legs\":[1,2],");

        assertThat(JSON.read(json)).isEqualTo(FLIGHT);
    }

    @ParameterizedTest(name = "flightDuration {0}")
    @ValueSource(strings = {"30300", "30300.000000000", "30300.0004", "\"PT8H25M\"", "\"PT505M\"", "\"PT30300S\""})
    void readsTheDurationAsTheCourseWritesItInSecondsOrAsIso8601(String duration) throws Exception {
        assertThat(JSON.read(withDuration(duration)).flightDurationMillis()).isEqualTo(30_300_000L);
    }

    @Test
    void keepsMillisecondsOfAFractionalDuration() throws Exception {
        SunsetAirFlightData read = JSON.read(withDuration("90.25"));

        assertThat(read.flightDurationMillis()).isEqualTo(90_250L);
        assertThat(JSON.writeAsString(read)).contains("\"flightDuration\":\"PT1M30.25S\"");
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() throws Exception {
        String json = "{\"customerEmailAddress\":\"ana@example.com\",\"departureTime\":\"2099-01-01T10:15:00Z\","
                + "\"departureAirport\":\"LHR\",\"arrivalTime\":\"2099-01-01T18:40:00Z\",\"arrivalAirport\":\"JFK\","
                + "\"flightDuration\":null,\"flightId\":\"SUN123\",\"referenceNumber\":\"SUNABCDEFGH\"}";

        assertThat(JSON.read(json)).isEqualTo(new SunsetAirFlightData("ana@example.com", FLIGHT.departureTime(),
                "LHR", FLIGHT.arrivalTime(), "JFK", null, "SUN123", "SUNABCDEFGH", null, null));
    }

    @ParameterizedTest(name = "flightDuration {0}")
    @CsvSource(delimiter = '|', value = {"\"8 hours\"", "true", "{}", "[30300]", "1e30"})
    void refusesADurationOfAnotherShape(String duration) {
        assertThatThrownBy(() -> JSON.read(withDuration(duration)))
                .isInstanceOfSatisfying(MismatchedInputException.class, e ->
                        assertThat(e.getPath().get(0).getFieldName()).isEqualTo("flightDuration"));
    }

    @Test
    void convertsToFlightDataAsTheCourseDoes() {
        assertThat(FLIGHT.toFlightData()).isEqualTo(new FlightData("ana@example.com",
                Instant.parse("2099-01-01T10:15:00Z"), "LHR", Instant.parse("2099-01-01T18:40:00Z"), "JFK", "SUN123",
                "SUNABCDEFGH", "sunset"));
    }

    @Test
    void isSerializedByFlinkAsAPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SunsetAirFlightData.class);
    }
}
