package io.github.flinkjobs.testing;

import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/**
 * Lets an operator test harness see the metrics its operator registers: build the harness with
 * {@link #environment()}, then read counters by name.
 */
public final class InterceptedMetrics {

    private final InterceptingOperatorMetricGroup operatorMetrics = new InterceptingOperatorMetricGroup();

    /** A mock task environment whose operators register their metrics here. */
    public MockEnvironment environment() {
        return new MockEnvironmentBuilder().setMetricGroup(new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
            @Override
            public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name, Map<String, String> variables) {
                return operatorMetrics;
            }
        }).build();
    }

    /** The current count of the counter {@code name}. */
    public long counter(String name) {
        Metric metric = operatorMetrics.get(name);
        if (!(metric instanceof Counter counter)) {
            throw new AssertionError("no counter named " + name + " was registered");
        }
        return counter.getCount();
    }
}
