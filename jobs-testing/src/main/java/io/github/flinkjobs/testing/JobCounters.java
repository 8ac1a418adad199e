package io.github.flinkjobs.testing;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The operator counters of the jobs a test mini-cluster ran ({@code deadLetters}, {@code lateRecords},
 * {@code numRecordsIn}, ...), readable after a job has finished or was cancelled, when the REST API no longer serves
 * its metrics. {@link FlinkTestCluster#extension()} registers it as a metric reporter of the mini-cluster, which runs
 * in the test JVM; the counters themselves are kept, so their last values stay readable.
 */
public final class JobCounters implements MetricReporter {

    private static final String JOB_ID = "<job_id>";
    private static final String OPERATOR_NAME = "<operator_name>";

    private record OperatorCounter(String jobId, String operatorName, String name, Counter counter) {
    }

    private static final List<OperatorCounter> COUNTERS = new CopyOnWriteArrayList<>();

    /** The reporter's configuration for a mini-cluster. */
    static void register(Configuration configuration) {
        configuration.setString("metrics.reporter.job-counters.factory.class", Factory.class.getName());
    }

    /** The sum over every parallel instance of every operator of {@code job} of the counter {@code name}. */
    public static long sum(JobID job, String name) {
        return sum(job, "", name);
    }

    /**
     * The sum over the parallel instances of the operators of {@code job} whose name starts with
     * {@code operatorNamePrefix} of the counter {@code name}.
     */
    public static long sum(JobID job, String operatorNamePrefix, String name) {
        return COUNTERS.stream()
                .filter(counter -> counter.jobId().equals(job.toString()) && counter.name().equals(name)
                        && counter.operatorName().startsWith(operatorNamePrefix))
                .mapToLong(counter -> counter.counter().getCount())
                .sum();
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        Map<String, String> variables = group.getAllVariables();
        if (metric instanceof Counter counter && variables.containsKey(OPERATOR_NAME)
                && variables.containsKey(JOB_ID)) {
            COUNTERS.add(new OperatorCounter(variables.get(JOB_ID), variables.get(OPERATOR_NAME), name, counter));
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // kept on purpose: the test reads the counters of finished jobs
    }

    /** Creates the reporter; found by Flink through {@code META-INF/services}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new JobCounters();
        }
    }
}
