package io.github.flinkjobs.flightimporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.model.FlightChecks;
import io.github.flinkjobs.core.model.FlightData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlightParserTest {

    static final String SKYONE = "{\"emailAddress\":\"ana@example.com\",\"flightDepartureTime\":\"2099-01-01T12:15:00+02:00\","
            + "\"iataDepartureCode\":\"LHR\",\"flightArrivalTime\":\"2099-01-01T18:40:00.000Z\",\"iataArrivalCode\":\"JFK\","
            + "\"flightNumber\":\"SKY1234\",\"confirmation\":\"SKY1ABCDEF\",\"ticketPrice\":812.5,\"aircraft\":\"AircraftXYZ\","
            + "\"bookingAgencyEmail\":\"desk@example.com\"}";

    static final String SUNSET = "{\"customerEmailAddress\":\"ben@example.com\",\"departureTime\":\"2099-01-01T10:15:00Z\","
            + "\"departureAirport\":\"SFO\",\"arrivalTime\":\"2099-01-01T13:40:00-05:00\",\"arrivalAirport\":\"BOS\","
            + "\"flightDuration\":30300,\"flightId\":\"SUN123\",\"referenceNumber\":\"SUNABCDEFGH\",\"totalPrice\":1299,"
            + "\"aircraftDetails\":\"AircraftWXYZ\"}";

    private static FlightData parse(AirlineFeed feed, String json) throws BadRecordException {
        return parse(feed, json.getBytes(StandardCharsets.UTF_8));
    }

    private static FlightData parse(AirlineFeed feed, byte[] value) throws BadRecordException {
        return feed.parser().parse(new RawRecord(feed.feedName(), value, 0L));
    }

    private static String reason(AirlineFeed feed, String json) {
        try {
            parse(feed, json);
        } catch (BadRecordException e) {
            return e.reason();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void convertsASkyOneBookingToFlightData() throws Exception {
        assertThat(parse(AirlineFeed.SKYONE, SKYONE)).isEqualTo(new FlightData("ana@example.com",
                Instant.parse("2099-01-01T10:15:00Z"), "LHR", Instant.parse("2099-01-01T18:40:00Z"), "JFK", "SKY1234",
                "SKY1ABCDEF", "skyone"));
    }

    @Test
    void convertsASunsetBookingToFlightData() throws Exception {
        assertThat(parse(AirlineFeed.SUNSET, SUNSET)).isEqualTo(new FlightData("ben@example.com",
                Instant.parse("2099-01-01T10:15:00Z"), "SFO", Instant.parse("2099-01-01T18:40:00Z"), "BOS", "SUN123",
                "SUNABCDEFGH", "sunset"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "SKYONE | \"emailAddress\":\"ana@example.com\",             | missing-field:emailAddress",
        "SKYONE | \"iataDepartureCode\":\"LHR\",                    | missing-field:iataDepartureCode",
        "SKYONE | \"flightNumber\":\"SKY1234\",                     | missing-field:flightNumber",
        "SKYONE | \"confirmation\":\"SKY1ABCDEF\",                  | missing-field:confirmation",
        "SKYONE | \"flightArrivalTime\":\"2099-01-01T18:40:00.000Z\", | missing-field:flightArrivalTime",
        "SUNSET | \"customerEmailAddress\":\"ben@example.com\",     | missing-field:customerEmailAddress",
        "SUNSET | \"arrivalAirport\":\"BOS\",                       | missing-field:arrivalAirport",
        "SUNSET | \"flightId\":\"SUN123\",                          | missing-field:flightId",
        "SUNSET | \"referenceNumber\":\"SUNABCDEFGH\",              | missing-field:referenceNumber",
        "SUNSET | \"departureTime\":\"2099-01-01T10:15:00Z\",       | missing-field:departureTime",
    })
    void rejectsARecordWithoutARequiredField(AirlineFeed feed, String field, String reason) {
        String json = feed == AirlineFeed.SKYONE ? SKYONE : SUNSET;
        assertThat(json).contains(field);

        assertThat(reason(feed, json.replace(field, ""))).isEqualTo(reason);
        String asNull = field.substring(0, field.indexOf(':') + 1) + "null,";
        assertThat(reason(feed, json.replace(field, asNull))).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}: {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "SKYONE | \"2099-01-01T12:15:00+02:00\" | \"2099-01-01T12:15:00\"      | bad-time:flightDepartureTime",
        "SKYONE | \"2099-01-01T18:40:00.000Z\"  | \"soon\"                     | bad-time:flightArrivalTime",
        "SKYONE | \"2099-01-01T18:40:00.000Z\"  | 4070977200                   | bad-time:flightArrivalTime",
        "SUNSET | \"2099-01-01T10:15:00Z\"      | \"2099-13-01T10:15:00Z\"     | bad-time:departureTime",
        "SKYONE | \"ana@example.com\"           | 42                           | wrong-type:emailAddress",
        "SKYONE | \"SKY1234\"                   | {\"n\":1}                    | wrong-type:flightNumber",
        "SKYONE | 812.5                         | \"812.5\"                    | wrong-type:ticketPrice",
        "SKYONE | \"AircraftXYZ\"               | [\"A\"]                      | wrong-type:aircraft",
        "SUNSET | 30300                         | true                         | wrong-type:flightDuration",
        "SUNSET | 30300                         | \"eight hours\"              | wrong-type:flightDuration",
        "SUNSET | 1299                          | \"1299\"                     | wrong-type:totalPrice",
        "SUNSET | \"SFO\"                       | false                        | wrong-type:departureAirport",
    })
    void rejectsABadTimeOrAWrongType(AirlineFeed feed, String good, String bad, String reason) {
        String json = feed == AirlineFeed.SKYONE ? SKYONE : SUNSET;
        String field = reason.substring(reason.indexOf(':') + 1);
        String original = "\"" + field + "\":" + good;
        assertThat(json).contains(original);

        assertThat(reason(feed, json.replace(original, "\"" + field + "\":" + bad))).isEqualTo(reason);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', value = {"''", "'   '", "not json", "'{\"emailAddress\":'", "[1]", "null", "'{} {}'"})
    void rejectsMalformedJson(String text) {
        assertThat(reason(AirlineFeed.SKYONE, text)).isEqualTo("malformed-json");
        assertThat(reason(AirlineFeed.SUNSET, text)).isEqualTo("malformed-json");
    }

    @Test
    void rejectsRecordsThatAreNotText() {
        byte[] notUtf8 = SKYONE.replace("ana", "an\u00e9").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> parse(AirlineFeed.SKYONE, notUtf8)).hasMessage("invalid-utf8");
        assertThatThrownBy(() -> parse(AirlineFeed.SUNSET, (byte[]) null)).hasMessage("null-value");
    }

    @Test
    void rejectsAFlightThatArrivesBeforeItDeparts() {
        String skyOne = SKYONE.replace("2099-01-01T18:40:00.000Z", "2099-01-01T10:14:59.999Z");
        String sunset = SUNSET.replace("2099-01-01T13:40:00-05:00", "2099-01-01T05:00:00-05:00");

        assertThat(reason(AirlineFeed.SKYONE, skyOne)).isEqualTo(FlightChecks.ARRIVAL_BEFORE_DEPARTURE);
        assertThat(reason(AirlineFeed.SUNSET, sunset)).isEqualTo(FlightChecks.ARRIVAL_BEFORE_DEPARTURE);
    }

    @Test
    void rejectsAFlightLongerThanFortyEightHours() {
        String skyOne = SKYONE.replace("2099-01-01T18:40:00.000Z", "2099-01-03T10:15:00.001Z");
        String sunset = SUNSET.replace("2099-01-01T13:40:00-05:00", "2099-01-03T13:40:00-05:00");
        String sunsetOverAges = SUNSET.replace("2099-01-01T10:15:00Z", "-999999999-01-01T00:00:00Z")
                .replace("2099-01-01T13:40:00-05:00", "+999999999-12-31T00:00:00Z");

        assertThat(reason(AirlineFeed.SKYONE, skyOne)).isEqualTo(FlightChecks.IMPLAUSIBLE_DURATION);
        assertThat(reason(AirlineFeed.SUNSET, sunset)).isEqualTo(FlightChecks.IMPLAUSIBLE_DURATION);
        assertThat(reason(AirlineFeed.SUNSET, sunsetOverAges)).isEqualTo("bad-time:departureTime");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {"''", "'  '", "'ana\\u0000@example.com'",
        "'ana@example.com\\r\\n'", "'\\ud800ana@example.com'"})
    void rejectsAnEmailAddressThatNoJobCanStoreOrUseAsAKeyNamingTheFeedsField(String jsonText) {
        assertThat(reason(AirlineFeed.SKYONE, SKYONE.replace("\"ana@example.com\"", "\"" + jsonText + "\"")))
                .isEqualTo("bad-value:emailAddress");
        assertThat(reason(AirlineFeed.SUNSET, SUNSET.replace("\"ben@example.com\"", "\"" + jsonText + "\"")))
                .isEqualTo("bad-value:customerEmailAddress");
    }

    @Test
    void rejectsAnEmailAddressLongerThan320Characters() throws Exception {
        String longest = "a".repeat(308) + "@example.com";

        assertThat(parse(AirlineFeed.SKYONE, SKYONE.replace("ana@example.com", longest)).emailAddress())
                .isEqualTo(longest);
        assertThat(reason(AirlineFeed.SKYONE, SKYONE.replace("ana@example.com", "a" + longest)))
                .isEqualTo("bad-value:emailAddress");
    }

    @Test
    void acceptsAFlightThatArrivesWhenItDeparts() throws Exception {
        String sameTime = SKYONE.replace("2099-01-01T18:40:00.000Z", "2099-01-01T10:15:00Z");

        FlightData flight = parse(AirlineFeed.SKYONE, sameTime);

        assertThat(flight.arrivalTime()).isEqualTo(flight.departureTime());
    }
}
