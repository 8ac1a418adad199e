package io.github.flinkjobs.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.github.flinkjobs.core.json.JsonCodec;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class UserStatisticsTest {

    private static final JsonCodec<UserStatistics> JSON = JsonCodec.of(UserStatistics.class);
    private static final Instant END = Instant.parse("2099-01-01T10:16:00Z");
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private static FlightData flight(String email, String departure, String arrival) {
        return new FlightData(email, Instant.parse(departure), "LHR", Instant.parse(arrival), "JFK", "SKY1234",
                "SKYABC123", FlightData.SKYONE);
    }

    @Test
    void theStatisticsOfOneFlightAreItsDurationAndOneFlightWithoutAWindow() {
        UserStatistics statistics = UserStatistics.fromFlightData(
                flight("ana@example.com", "2099-01-01T10:15:00Z", "2099-01-01T18:40:30.250Z"));

        assertThat(statistics).isEqualTo(new UserStatistics("ana@example.com",
                Duration.parse("PT8H25M30.25S").toMillis(), 1, null));
        assertThat(statistics.totalFlightDuration()).isEqualTo(Duration.parse("PT8H25M30.25S"));
    }

    @Test
    void mergeSumsDurationsAndFlightsAndKeepsTheLaterWindowEnd() {
        UserStatistics earlier = new UserStatistics("ana@example.com", 2 * HOUR, 2, END.minusSeconds(60));
        UserStatistics later = new UserStatistics("ana@example.com", 3 * HOUR, 1, END);
        UserStatistics unwindowed = new UserStatistics("ana@example.com", HOUR, 1, null);

        assertThat(earlier.merge(later)).isEqualTo(new UserStatistics("ana@example.com", 5 * HOUR, 3, END));
        assertThat(later.merge(earlier)).isEqualTo(new UserStatistics("ana@example.com", 5 * HOUR, 3, END));
        assertThat(unwindowed.merge(earlier))
                .isEqualTo(new UserStatistics("ana@example.com", 3 * HOUR, 3, END.minusSeconds(60)));
        assertThat(unwindowed.merge(unwindowed)).isEqualTo(new UserStatistics("ana@example.com", 2 * HOUR, 2, null));
    }

    @Test
    void mergingTheStatisticsOfTwoUsersIsRefused() {
        UserStatistics ana = new UserStatistics("ana@example.com", HOUR, 1, END);
        UserStatistics bob = new UserStatistics("bob@example.com", HOUR, 1, END);

        assertThatThrownBy(() -> ana.merge(bob))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot merge the statistics of ana@example.com and bob@example.com");
    }

    @Test
    void withWindowEndChangesOnlyTheWindowEnd() {
        assertThat(new UserStatistics("ana@example.com", HOUR, 2, null).withWindowEnd(END))
                .isEqualTo(new UserStatistics("ana@example.com", HOUR, 2, END));
    }

    @Test
    void isWrittenWithTheTotalDurationAsIso8601AndTheWindowEndInUtcMilliseconds() {
        UserStatistics statistics = new UserStatistics("ana@example.com", Duration.parse("PT26H30M").toMillis(), 3,
                END);

        assertThat(JSON.writeAsString(statistics)).isEqualTo("{\"emailAddress\":\"ana@example.com\","
                + "\"totalFlightDuration\":\"PT26H30M\",\"numberOfFlights\":3,"
                + "\"windowEnd\":\"2099-01-01T10:16:00.000Z\"}");
        assertThat(JSON.writeAsString(statistics.withWindowEnd(null).merge(new UserStatistics("ana@example.com",
                1, 0, null)))).contains("\"totalFlightDuration\":\"PT26H30M0.001S\"");
    }

    @Test
    void readsWhatItWritesAndAnyIso8601Duration() throws Exception {
        UserStatistics statistics = new UserStatistics("ana@example.com", 95_400_000L, 3, END);

        assertThat(JSON.read(JSON.write(statistics))).isEqualTo(statistics);
        assertThat(JSON.read("{\"emailAddress\":\"ana@example.com\",\"totalFlightDuration\":\"P1DT2H30M\","
                + "\"numberOfFlights\":3,\"windowEnd\":\"2099-01-01T12:16:00+02:00\"}")).isEqualTo(statistics);
    }

    @Test
    void refusesADurationThatIsNotIso8601() {
        assertThatThrownBy(() -> JSON.read("{\"emailAddress\":\"a\",\"totalFlightDuration\":\"26 hours\","
                + "\"numberOfFlights\":1,\"windowEnd\":\"2099-01-01T10:16:00Z\"}"))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("expected an ISO-8601 duration such as PT26H30M");
        assertThatThrownBy(() -> JSON.read("{\"emailAddress\":\"a\",\"totalFlightDuration\":95400000,"
                + "\"numberOfFlights\":1,\"windowEnd\":\"2099-01-01T10:16:00Z\"}"))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void isSerializedByFlinkAsAPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(UserStatistics.class);
    }
}
