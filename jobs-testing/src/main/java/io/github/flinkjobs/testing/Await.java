package io.github.flinkjobs.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Waits for the output of a job that runs unbounded: reads it again and again until it holds what the test expects,
 * so the test never guesses how long the job takes. The patience only turns a job that never delivers into a
 * failing test instead of a hanging one; it is no timing assertion. A wait that runs out says what it read last and
 * what else its caller knows of the situation, such as what the cluster says of the job ({@link JobReport}).
 */
public final class Await {

    /** How long to keep reading before failing: far more than any healthy job needs on a slow machine. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private Await() {
    }

    /** What a wait checks of each value it reads. */
    @FunctionalInterface
    public interface Check<T> {
        boolean accepts(T value) throws Exception;
    }

    /**
     * What {@code read} returns once {@code done} accepts it, read again every 100 ms.
     *
     * @param what what the test waits for, as in "no {@code what} after ..."
     * @param situation what else to say when the wait runs out, such as what the cluster says of the job
     * @throws AssertionError when {@code done} still does not accept it after {@code patience}, with what was read
     *     last and the {@code situation}
     */
    public static <T> T until(String what, Callable<T> read, Check<? super T> done, Duration patience,
            Supplier<String> situation) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        T value = read.call();
        while (!done.accepts(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " after " + patience + "; read last: " + value + "; "
                        + situation.get());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            value = read.call();
        }
        return value;
    }

    /**
     * What {@code read} returns once it holds at least {@code size} elements, read again as the job writes, as
     * {@link #until} within {@link #PATIENCE}.
     */
    public static <T> List<T> atLeast(int size, Callable<List<T>> read, Supplier<String> situation)
            throws Exception {
        return until("output of at least " + size + " elements", read, current -> current.size() >= size, PATIENCE,
                situation);
    }
}
