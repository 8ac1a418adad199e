package io.github.flinkjobs.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void anOddCountHasItsMiddleValueAsMedian() {
        assertThat(Stats.of(30, 10, 20)).isEqualTo(new Stats(20, 10, 30));
    }

    @Test
    void anEvenCountHasTheMeanOfItsTwoMiddleValuesAsMedian() {
        assertThat(Stats.of(4, 1, 3, 2)).isEqualTo(new Stats(2.5, 1, 4));
    }

    @Test
    void oneValueIsMedianMinAndMax() {
        assertThat(Stats.of(7)).isEqualTo(new Stats(7, 7, 7));
    }

    @Test
    void noValuesAreRefused() {
        assertThatThrownBy(Stats::of).isInstanceOf(IllegalArgumentException.class);
    }
}
