package io.github.flinkjobs.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.deadletter.BadRecordException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlightChecksTest {

    private static final Instant DEPARTURE = Instant.parse("2099-01-01T10:15:00Z");

    private static FlightData flight(String email, Instant departure, Instant arrival) {
        return new FlightData(email, departure, "LHR", arrival, "JFK", "SKY1234", "SKYABC123", FlightData.SKYONE);
    }

    private static FlightData lasting(Duration duration) {
        return flight("ana@example.com", DEPARTURE, DEPARTURE.plus(duration));
    }

    private static String reason(FlightData flight) {
        try {
            FlightChecks.check(flight, "customerEmailAddress");
        } catch (BadRecordException e) {
            return e.reason();
        }
        throw new AssertionError("accepted: " + flight);
    }

    @Test
    void acceptsAFlightOfZeroToFortyEightHours() throws BadRecordException {
        for (Duration duration : new Duration[] {Duration.ZERO, Duration.ofHours(15), Duration.ofHours(48)}) {
            FlightData flight = lasting(duration);
            assertThat(FlightChecks.check(flight, "emailAddress")).isSameAs(flight);
        }
    }

    @Test
    void rejectsAFlightThatArrivesBeforeItDeparts() {
        assertThat(reason(lasting(Duration.ofMillis(-1)))).isEqualTo("arrival-before-departure");
    }

    @Test
    void rejectsAFlightLongerThanFortyEightHours() {
        assertThat(reason(lasting(Duration.ofHours(48).plusMillis(1)))).isEqualTo("implausible-duration");
        assertThat(reason(flight("ana@example.com", Instant.parse("-999999999-01-01T00:00:00Z"),
                Instant.parse("+999999999-12-31T00:00:00Z")))).isEqualTo("implausible-duration");
    }

    @Test
    void acceptsAPlausibleFlightAtTheEdgeOfTime() throws BadRecordException {
        Instant departure = Instant.parse("+999999999-12-31T10:00:00Z");
        FlightData flight = flight("ana@example.com", departure, departure.plus(Duration.ofHours(8)));

        assertThat(FlightChecks.check(flight, "emailAddress")).isSameAs(flight);
        assertThat(UserStatistics.fromFlightData(flight).totalFlightDuration()).isEqualTo(Duration.ofHours(8));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", " ", "\t\n", "ana\u0000@example.com", "ana@example.com\n", "a\u0007na@example.com",
        "ana\u007f@example.com", "ana\u0085@example.com", "ana\ud800@example.com", "\udc00ana@example.com"})
    void rejectsAnEmailAddressThatIsBlankOrHoldsAControlCharacterOrABrokenSurrogate(String email) {
        assertThat(reason(flight(email, DEPARTURE, DEPARTURE))).isEqualTo("bad-value:customerEmailAddress");
    }

    @Test
    void rejectsAnEmailAddressLongerThan320Characters() throws BadRecordException {
        String longest = "a".repeat(320 - "@example.com".length()) + "@example.com";
        FlightData accepted = flight(longest, DEPARTURE, DEPARTURE);

        assertThat(FlightChecks.check(accepted, "emailAddress")).isSameAs(accepted);
        assertThat(reason(flight("a" + longest, DEPARTURE, DEPARTURE))).isEqualTo("bad-value:customerEmailAddress");
    }

    @Test
    void acceptsAnyOtherUnicodeInAnEmailAddressAndCountsCharactersNotUtf16Units() throws BadRecordException {
        String emoji = "\ud83d\ude00";
        String longest = emoji.repeat(320 - "@example.com".length()) + "@example.com";
        for (String email : new String[] {"zoë.ñandú@exämple.com", "用户@例子.广告", emoji + "@example.com", longest}) {
            FlightData flight = flight(email, DEPARTURE, DEPARTURE);
            assertThat(FlightChecks.check(flight, "emailAddress")).isSameAs(flight);
        }
    }

    @Test
    void theEmailAddressIsCheckedFirst() {
        assertThatThrownBy(() -> FlightChecks.check(flight("", DEPARTURE, DEPARTURE.minusSeconds(1)), "emailAddress"))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("bad-value:emailAddress");
    }
}
