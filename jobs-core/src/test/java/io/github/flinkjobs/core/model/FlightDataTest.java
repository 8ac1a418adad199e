package io.github.flinkjobs.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.json.JsonCodec;
import java.time.Instant;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class FlightDataTest {

    private static final JsonCodec<FlightData> JSON = JsonCodec.of(FlightData.class);

    private static final FlightData FLIGHT = new FlightData("ana@example.com", Instant.parse("2099-01-01T10:15:00Z"),
            "LHR", Instant.parse("2099-01-01T18:40:00Z"), "JFK", "SKY1234", "SKYABC123", FlightData.SKYONE);

    @Test
    void isWrittenAsTheCourseJsonWithUtcMillisecondTimesAndItsSource() throws Exception {
        assertThat(JSON.writeAsString(FLIGHT)).isEqualTo("{\"emailAddress\":\"ana@example.com\","
                + "\"departureTime\":\"2099-01-01T10:15:00.000Z\",\"departureAirportCode\":\"LHR\","
                + "\"arrivalTime\":\"2099-01-01T18:40:00.000Z\",\"arrivalAirportCode\":\"JFK\","
                + "\"flightNumber\":\"SKY1234\",\"confirmationCode\":\"SKYABC123\",\"source\":\"skyone\"}");
    }

    @Test
    void readsAnyOffsetAndIgnoresUnknownFields() throws Exception {
        String json = "{\"emailAddress\":\"ana@example.com\",\"departureTime\":\"2099-01-01T12:15:00+02:00\","
                + "\"departureAirportCode\":\"LHR\",\"arrivalTime\":\"2099-01-01T13:40:00-05:00\","
                + "\"arrivalAirportCode\":\"JFK\",\"flightNumber\":\"SKY1234\",\"confirmationCode\":\"SKYABC123\","
                + "\"source\":\"skyone\",\"loyaltyTier\":\"gold\"}";

        assertThat(JSON.read(json)).isEqualTo(FLIGHT);
    }

    @Test
    void isSerializedByFlinkAsAPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(FlightData.class);
    }
}
