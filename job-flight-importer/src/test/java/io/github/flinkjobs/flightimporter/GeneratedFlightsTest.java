package io.github.flinkjobs.flightimporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.SkyOneAirlinesFlightData;
import io.github.flinkjobs.core.model.SunsetAirFlightData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GeneratedFlightsTest {

    private static final Instant START = Instant.parse("2099-01-01T08:30:45.123Z");
    private static final Instant START_MINUTE = Instant.parse("2099-01-01T08:30:00Z");
    private static final GeneratedFlights FLIGHTS = new GeneratedFlights(42, START);
    private static final int COUNT = 3000;

    private static List<FlightData> both(GeneratedFlights flights, int count) {
        List<FlightData> all = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            all.add(flights.skyOne(i).toFlightData());
            all.add(flights.sunset(i).toFlightData());
        }
        return all;
    }

    @Test
    void recordIIsAFunctionOfSeedStartAndIAlone() {
        List<SkyOneAirlinesFlightData> forward = LongStream.range(0, 50).mapToObj(FLIGHTS::skyOne).toList();
        List<SkyOneAirlinesFlightData> backward = new ArrayList<>();
        GeneratedFlights again = new GeneratedFlights(42, START);
        for (long i = 49; i >= 0; i--) {
            backward.add(0, again.skyOne(i));
        }

        assertThat(backward).isEqualTo(forward);
        assertThat(new GeneratedFlights(43, START).skyOne(0)).isNotEqualTo(FLIGHTS.skyOne(0));
        assertThat(new GeneratedFlights(42, START.plus(Duration.ofDays(1))).sunset(7).departureTime())
                .isEqualTo(FLIGHTS.sunset(7).departureTime().plus(Duration.ofDays(1)));
        assertThat(FLIGHTS.skyOne(1)).isNotEqualTo(FLIGHTS.skyOne(0));
    }

    @Test
    void departuresAreWithinAYearAfterTheStartAndFlightsLastHalfAnHourToFifteenHours() {
        for (FlightData flight : both(FLIGHTS, COUNT)) {
            assertThat(flight.departureTime()).isAfter(START)
                    .isBeforeOrEqualTo(START_MINUTE.plus(Duration.ofDays(365)));
            assertThat(flight.departureTime().getEpochSecond() % 60).isZero();
            assertThat(Duration.between(flight.departureTime(), flight.arrivalTime()))
                    .isBetween(Duration.ofMinutes(30), Duration.ofHours(15));
            assertThat(flight.arrivalAirportCode()).isNotEqualTo(flight.departureAirportCode());
        }
    }

    @Test
    void usesEveryAirportAndAFixedPoolOfRepeatingUsers() {
        Set<String> airports = new HashSet<>();
        Set<String> emails = new HashSet<>();
        for (FlightData flight : both(FLIGHTS, COUNT)) {
            airports.add(flight.departureAirportCode());
            airports.add(flight.arrivalAirportCode());
            emails.add(flight.emailAddress());
        }

        assertThat(GeneratedFlights.AIRPORTS).hasSize(30).doesNotHaveDuplicates();
        assertThat(airports).containsExactlyInAnyOrderElementsOf(GeneratedFlights.AIRPORTS);
        assertThat(GeneratedFlights.USERS).hasSize(100).doesNotHaveDuplicates();
        assertThat(emails).containsExactlyInAnyOrderElementsOf(GeneratedFlights.USERS);
        assertThat(new GeneratedFlights(7, START).skyOne(0).emailAddress()).isIn(GeneratedFlights.USERS);
    }

    @Test
    void pricesCodesAndDurationsLookLikeTheCourses() {
        for (long i = 0; i < COUNT; i++) {
            SkyOneAirlinesFlightData skyOne = FLIGHTS.skyOne(i);
            assertThat(skyOne.ticketPrice()).isBetween(new java.math.BigDecimal("500.00"),
                    new java.math.BigDecimal("1499.99"));
            assertThat(skyOne.flightNumber()).matches("SKY1\\d{3}");
            assertThat(skyOne.confirmation()).matches("SKY1[A-Z]{6}");
            assertThat(skyOne.aircraft()).matches("Aircraft[A-Z]{3}");
            assertThat(skyOne.bookingAgencyEmail()).isIn(GeneratedFlights.USERS);
            SunsetAirFlightData sunset = FLIGHTS.sunset(i);
            assertThat(sunset.totalPrice()).isBetween(new java.math.BigDecimal("300.00"),
                    new java.math.BigDecimal("1799.99"));
            assertThat(sunset.flightId()).matches("SUN\\d{3}");
            assertThat(sunset.referenceNumber()).matches("SUN[A-Z]{8}");
            assertThat(sunset.aircraftDetails()).matches("Aircraft[A-Z]{4}");
            assertThat(sunset.flightDurationMillis())
                    .isEqualTo(Duration.between(sunset.departureTime(), sunset.arrivalTime()).toMillis());
        }
    }

    @Test
    void everyGeneratedRecordIsImportedAsWrittenOnTheWire() throws Exception {
        JsonCodec<SkyOneAirlinesFlightData> skyOneJson = JsonCodec.of(SkyOneAirlinesFlightData.class);
        JsonCodec<SunsetAirFlightData> sunsetJson = JsonCodec.of(SunsetAirFlightData.class);
        for (long i = 0; i < 200; i++) {
            SkyOneAirlinesFlightData skyOne = FLIGHTS.skyOne(i);
            SunsetAirFlightData sunset = FLIGHTS.sunset(i);
            assertThat(AirlineFeed.SKYONE.parser().parse(new RawRecord("skyone", skyOneJson.write(skyOne), 0L)))
                    .isEqualTo(skyOne.toFlightData());
            assertThat(AirlineFeed.SUNSET.parser().parse(new RawRecord("sunset", sunsetJson.write(sunset), 0L)))
                    .isEqualTo(sunset.toFlightData());
        }
    }
}
