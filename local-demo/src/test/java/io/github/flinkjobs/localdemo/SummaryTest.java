package io.github.flinkjobs.localdemo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.localdemo.Summary.UserTotals;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static final UserTotals ANA = new UserTotals("ana@example.com", 3, 26 * 3600 + 30 * 60);
    private static final UserTotals BOB = new UserTotals("bob@example.com", 3, 7 * 3600 + 50 * 60);
    private static final UserTotals CARLA = new UserTotals("carla@example.com", 1, 5400);

    private static Summary summary(long flights, List<UserTotals> database, List<UserTotals> topic) {
        return new Summary(Map.of("skyone", 5L, "sunset", 5L), Map.of("skyone", 2, "sunset", 1), flights,
                Map.of("skyone.dlq", 2L, "sunset.dlq", 1L, "flightdata.dlq", 0L),
                Map.of("malformed-json", 2L, "missing-field:customerEmailAddress", 1L), 11, database, topic);
    }

    @Test
    void addsUpWhenEveryBookingIsAFlightOrADeadLetterAndBothOutputsCountEveryFlight() {
        Summary summary = summary(7, List.of(ANA, BOB, CARLA), List.of(ANA, BOB, CARLA));

        assertThat(summary.problems()).isEmpty();
        assertThat(summary.generated()).isEqualTo(7);
        assertThat(summary.allDeadLetters()).isEqualTo(3);
        assertThat(summary.rows()).isEqualTo(3);
        assertThat(summary.top(2)).containsExactly(ANA, BOB);
    }

    @Test
    void namesWhatDoesNotAddUp() {
        UserTotals bobWithoutALateFlight = new UserTotals("bob@example.com", 2, 6 * 3600);

        Summary summary = summary(7, List.of(ANA, bobWithoutALateFlight, CARLA), List.of(ANA, BOB, CARLA));

        assertThat(summary.problems()).containsExactly(
                "user_statistics counts 6 flights of the 7 imported",
                "user_statistics and the last records of userstatistics differ");
        assertThat(summary(8, List.of(ANA, BOB, CARLA), List.of(ANA, BOB, CARLA)).problems()).containsExactly(
                "10 bookings, but 8 flights and 3 dead letters of the feeds",
                "user_statistics counts 7 flights of the 8 imported");
    }

    @Test
    void busiestFirstIsMostFlightsThenLongestTotalThenEmail() {
        UserTotals anaAgain = new UserTotals("aaron@example.com", 3, ANA.totalFlightSeconds());

        assertThat(List.of(CARLA, BOB, ANA, anaAgain).stream().sorted(Summary.BUSIEST_FIRST))
                .containsExactly(anaAgain, ANA, BOB, CARLA);
    }

    @Test
    void printsTotalsAndTheBusiestUsersOfBothOutputs() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        summary(7, List.of(ANA, BOB, CARLA), List.of(ANA, BOB, CARLA)).print(new PrintStream(printed, true, UTF_8), 2);

        assertThat(printed.toString(UTF_8).lines().map(String::stripTrailing)).contains(
                "  generated          7 bookings (3 skyone, 4 sunset), plus 3 bad ones written by the demo",
                "  imported           7 flights in flightdata",
                "  dead letters       3 (0 flightdata.dlq, 2 skyone.dlq, 1 sunset.dlq): 2 malformed-json,"
                        + " 1 missing-field:customerEmailAddress",
                "  statistics        11 records in userstatistics, the last ones for 3 users",
                "  rows               3 in PostgreSQL table user_statistics",
                "  ana@example.com                       3 flights    26h30m          3 flights    26h30m",
                "  bob@example.com                       3 flights     7h50m          3 flights     7h50m")
                .noneMatch(line -> line.contains("carla"));
    }
}
