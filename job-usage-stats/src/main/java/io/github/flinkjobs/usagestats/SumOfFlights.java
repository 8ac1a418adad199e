package io.github.flinkjobs.usagestats;

import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.UserStatistics;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Sums one user's flights in one window into {@link UserStatistics} with the course's
 * {@link UserStatistics#fromFlightData} and {@link UserStatistics#merge}, one flight at a time. It aggregates flights
 * rather than reducing statistics so that the window's late side output holds the flights themselves, and a late
 * flight's dead letter is the flight as it arrived. The accumulator is {@code null} until the first flight.
 */
final class SumOfFlights implements AggregateFunction<FlightData, UserStatistics, UserStatistics> {
    private static final long serialVersionUID = 1L;

    @Override
    public UserStatistics createAccumulator() {
        return null;
    }

    @Override
    public UserStatistics add(FlightData flight, UserStatistics sum) {
        UserStatistics statistics = UserStatistics.fromFlightData(flight);
        return sum == null ? statistics : sum.merge(statistics);
    }

    @Override
    public UserStatistics getResult(UserStatistics sum) {
        return sum;
    }

    @Override
    public UserStatistics merge(UserStatistics first, UserStatistics second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first.merge(second);
    }
}
