package io.github.flinkjobs.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.json.JsonCodec;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class SkyOneAirlinesFlightDataTest {

    private static final JsonCodec<SkyOneAirlinesFlightData> JSON = JsonCodec.of(SkyOneAirlinesFlightData.class);

    private static final SkyOneAirlinesFlightData FLIGHT = new SkyOneAirlinesFlightData("ana@example.com",
            Instant.parse("2099-01-01T10:15:00Z"), "LHR", Instant.parse("2099-01-01T18:40:00Z"), "JFK", "SKY1234",
            "SKY1ABCDEF", new BigDecimal("812.50"), "AircraftXYZ", "desk@example.com");

    private static final String FLIGHT_JSON = "{\"emailAddress\":\"ana@example.com\","
            + "\"flightDepartureTime\":\"2099-01-01T10:15:00.000Z\",\"iataDepartureCode\":\"LHR\","
            + "\"flightArrivalTime\":\"2099-01-01T18:40:00.000Z\",\"iataArrivalCode\":\"JFK\","
            + "\"flightNumber\":\"SKY1234\",\"confirmation\":\"SKY1ABCDEF\",\"ticketPrice\":812.50,"
            + "\"aircraft\":\"AircraftXYZ\",\"bookingAgencyEmail\":\"desk@example.com\"}";

    @Test
    void isWrittenAsTheCourseJsonWithUtcMillisecondTimes() {
        assertThat(JSON.writeAsString(FLIGHT)).isEqualTo(FLIGHT_JSON);
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        assertThat(JSON.read(JSON.write(FLIGHT))).isEqualTo(FLIGHT);
    }

    @Test
    void readsAnyOffsetIgnoresUnknownFieldsAndTakesTheCoursesFloatPrice() throws Exception {
        String json = "{\"emailAddress\":\"ana@example.com\",\"flightDepartureTime\":\"2099-01-01T12:15:00+02:00\","
                + "\"iataDepartureCode\":\"LHR\",\"flightArrivalTime\":\"2099-01-01T13:40-05:00\","
                + "\"iataArrivalCode\":\"JFK\",\"flightNumber\":\"SKY1234\",\"confirmation\":\"SKY1ABCDEF\","
                + "\"ticketPrice\":812.5,\"aircraft\":\"AircraftXYZ\",\"bookingAgencyEmail\":\"desk@example.com\","
                + "\"loyaltyTier\":\"gold\",\"seat\":{\"row\":12}}";

        SkyOneAirlinesFlightData read = JSON.read(json);

        assertThat(read.flightDepartureTime()).isEqualTo(FLIGHT.flightDepartureTime());
        assertThat(read.flightArrivalTime()).isEqualTo(FLIGHT.flightArrivalTime());
        assertThat(read.ticketPrice()).isEqualByComparingTo("812.50");
        assertThat(JSON.writeAsString(read)).isEqualTo(FLIGHT_JSON.replace("812.50", "812.5"));
    }

    @Test
    void optionalFieldsMayBeAbsent() throws Exception {
        String json = "{\"emailAddress\":\"ana@example.com\",\"flightDepartureTime\":\"2099-01-01T10:15:00Z\","
                + "\"iataDepartureCode\":\"LHR\",\"flightArrivalTime\":\"2099-01-01T18:40:00Z\","
                + "\"iataArrivalCode\":\"JFK\",\"flightNumber\":\"SKY1234\",\"confirmation\":\"SKY1ABCDEF\"}";

        assertThat(JSON.read(json)).isEqualTo(new SkyOneAirlinesFlightData("ana@example.com",
                FLIGHT.flightDepartureTime(), "LHR", FLIGHT.flightArrivalTime(), "JFK", "SKY1234", "SKY1ABCDEF", null,
                null, null));
    }

    @Test
    void convertsToFlightDataAsTheCourseDoes() {
        assertThat(FLIGHT.toFlightData()).isEqualTo(new FlightData("ana@example.com",
                Instant.parse("2099-01-01T10:15:00Z"), "LHR", Instant.parse("2099-01-01T18:40:00Z"), "JFK", "SKY1234",
                "SKY1ABCDEF", "skyone"));
    }

    @Test
    void isSerializedByFlinkAsAPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SkyOneAirlinesFlightData.class);
    }
}
