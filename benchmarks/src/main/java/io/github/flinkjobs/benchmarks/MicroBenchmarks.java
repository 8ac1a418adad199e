package io.github.flinkjobs.benchmarks;

import io.github.flinkjobs.benchmarks.Results.SerdeResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link SerdeBenchmarks} with JMH's runner inside this JVM (no fork: the command stays short; the broker and
 * the mini-cluster are stopped by then), with short warm-up and measurement iterations.
 */
final class MicroBenchmarks {

    private MicroBenchmarks() {
    }

    /** The average time of each serde operation; {@code quick} only checks that they run. */
    static List<SerdeResult> run(boolean quick) throws RunnerException {
        TimeValue iteration = quick ? TimeValue.milliseconds(50) : TimeValue.seconds(1);
        Options options = new OptionsBuilder()
                .include(SerdeBenchmarks.class.getName() + "\\.")
                .forks(0)
                .threads(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(iteration)
                .measurementIterations(quick ? 1 : 5)
                .measurementTime(iteration)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        List<SerdeResult> serde = new ArrayList<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            serde.add(new SerdeResult(SerdeBenchmarks.NAMES.getOrDefault(method, method),
                    result.getPrimaryResult().getScore()));
        }
        List<String> order = List.copyOf(SerdeBenchmarks.NAMES.values());
        serde.sort(Comparator.comparingInt(result -> order.indexOf(result.name())));
        return serde;
    }
}
