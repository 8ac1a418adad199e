package io.github.flinkjobs.testing;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.runtime.client.JobCancellationException;
import org.apache.flink.util.ExceptionUtils;

/**
 * A job's {@code main} run in a thread of its own, as a test runs an unbounded job that it cancels at the end. A
 * {@code main} that ends before the test expects it to (a bad option, a failed start-up check) fails the test's next
 * wait at once, with its exit status or exception, instead of the wait running out of patience.
 */
public final class BackgroundJob {

    private final FutureTask<Integer> main;
    private final URI cluster;

    private BackgroundJob(FutureTask<Integer> main, URI cluster) {
        this.main = main;
        this.cluster = cluster;
    }

    /**
     * Starts {@code main}, which returns the job's exit status, in a thread named {@code name}; its job runs on the
     * cluster whose REST API is at {@code cluster} (what a wait that runs out describes).
     */
    public static BackgroundJob start(String name, URI cluster, Callable<Integer> main) {
        FutureTask<Integer> task = new FutureTask<>(main);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return new BackgroundJob(task, cluster);
    }

    /**
     * What {@code read} returns once it holds at least {@code size} elements, as {@link Await#atLeast}.
     *
     * @throws AssertionError when the job's {@code main} has ended, or after {@link Await#PATIENCE} with what it
     *     read last and what the cluster says of its jobs
     */
    public <T> List<T> awaitAtLeast(int size, Callable<List<T>> read) throws Exception {
        return Await.atLeast(size, () -> {
            if (main.isDone()) {
                throw new AssertionError("the job's main ended while the test waited for its output: " + outcome());
            }
            return read.call();
        }, () -> JobReport.describeAll(cluster));
    }

    /**
     * Waits for the job's {@code main} to end after the test cancelled the job: with the job's cancellation.
     *
     * @throws AssertionError when {@code main} ended otherwise, or did not end within {@link Await#PATIENCE}
     */
    public void awaitCancelled() throws InterruptedException {
        try {
            main.get(Await.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("the cancelled job's main returned " + outcome());
        } catch (ExecutionException e) {
            if (ExceptionUtils.findThrowable(e, JobCancellationException.class).isEmpty()) {
                throw new AssertionError("the cancelled job's main failed otherwise", e.getCause());
            }
        } catch (TimeoutException e) {
            throw new AssertionError("the cancelled job's main still runs after " + Await.PATIENCE, e);
        }
    }

    private String outcome() {
        try {
            return "exit status " + main.get();
        } catch (ExecutionException e) {
            return e.getCause().toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
