package io.github.flinkjobs.testing;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Waits for the output of a job that runs unbounded: reads it again and again until it holds what the test expects,
 * so the test never guesses how long the job takes. The patience only turns a job that never delivers into a
 * failing test instead of a hanging one; it is no timing assertion.
 */
public final class Await {

    /** How long to keep reading before failing: far more than any healthy job needs on a slow machine. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private Await() {
    }

    /**
     * What {@code read} returns once it holds at least {@code size} elements, read again as the job writes.
     *
     * @throws AssertionError when it still holds fewer after {@link #PATIENCE}
     */
    public static <T> List<T> atLeast(int size, Supplier<List<T>> read) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<T> current = read.get();
        while (current.size() < size) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + current + " after " + PATIENCE + ", expected " + size);
            }
            Thread.sleep(100);
            current = read.get();
        }
        return current;
    }
}
