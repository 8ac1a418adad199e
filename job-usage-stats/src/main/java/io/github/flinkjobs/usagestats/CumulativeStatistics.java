package io.github.flinkjobs.usagestats;

import io.github.flinkjobs.core.model.UserStatistics;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a user's statistics of one window into the user's statistics since the first flight, as in the course: the
 * running total lives in per-key global state ({@code context.globalState()}), carried from one window to the next,
 * and each firing emits the new total with the window's end.
 *
 * <p>A window that fires again for late flights (within {@code --allowed-lateness}) adds only what it has not added
 * yet, remembered in per-window state that is cleared with the window, so no flight is counted twice; the emitted
 * {@code windowEnd} is the latest window end the total includes, so it never goes back and the newer total still
 * replaces the older one downstream.
 *
 * <p>With a state TTL, a user's total expires after that long without an update (processing time), so the state of
 * users who stopped flying does not grow forever; such a user starts again from zero.
 */
final class CumulativeStatistics extends ProcessWindowFunction<UserStatistics, UserStatistics, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final Duration stateTtl;
    private transient ValueStateDescriptor<UserStatistics> totalState;
    private transient ValueStateDescriptor<UserStatistics> countedInWindowState;

    /** @param stateTtl how long a user's total is kept without an update; {@code null} for ever */
    CumulativeStatistics(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        totalState = new ValueStateDescriptor<>("total", UserStatistics.class);
        if (stateTtl != null) {
            totalState.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl)
                    .updateTtlOnCreateAndWrite()
                    .neverReturnExpired()
                    .build());
        }
        countedInWindowState = new ValueStateDescriptor<>("counted-in-window", UserStatistics.class);
    }

    @Override
    public void process(String emailAddress, Context context, Iterable<UserStatistics> windowSums,
            Collector<UserStatistics> out) throws IOException {
        UserStatistics window = windowSums.iterator().next()
                .withWindowEnd(Instant.ofEpochMilli(context.window().getEnd()));
        ValueState<UserStatistics> countedInWindow = context.windowState().getState(countedInWindowState);
        UserStatistics notCountedYet = minus(window, countedInWindow.value());
        countedInWindow.update(window);

        ValueState<UserStatistics> total = context.globalState().getState(totalState);
        UserStatistics previous = total.value();
        UserStatistics updated = previous == null ? notCountedYet : previous.merge(notCountedYet);
        total.update(updated);
        out.collect(updated);
    }

    @Override
    public void clear(Context context) {
        context.windowState().getState(countedInWindowState).clear();
    }

    /** What {@code window} holds beyond what an earlier firing of the same window counted already. */
    private static UserStatistics minus(UserStatistics window, UserStatistics counted) {
        if (counted == null) {
            return window;
        }
        return new UserStatistics(window.emailAddress(),
                window.totalFlightDurationMillis() - counted.totalFlightDurationMillis(),
                window.numberOfFlights() - counted.numberOfFlights(),
                window.windowEnd());
    }
}
