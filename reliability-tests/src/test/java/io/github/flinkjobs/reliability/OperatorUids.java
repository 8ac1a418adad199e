package io.github.flinkjobs.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;

/**
 * The savepoint compatibility rule of the suite: every operator of a job (sources, sinks, stateful and stateless
 * operators alike) has a {@code uid} of its own, so its state maps to the same operator when the job is changed and
 * resumed from a savepoint. Without one, Flink derives the operator's id from the graph's shape, which any change
 * to the job alters.
 */
final class OperatorUids {

    private OperatorUids() {
    }

    /** What breaks the rule in {@code graph}: operators without a uid, and uids given to more than one operator. */
    static List<String> violations(StreamGraph graph) {
        List<String> violations = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = node.getTransformationUID();
            if (uid == null) {
                violations.add("no uid: " + node.getOperatorName());
            } else {
                String other = owners.putIfAbsent(uid, node.getOperatorName());
                if (other != null) {
                    violations.add("uid " + uid + " of both " + other + " and " + node.getOperatorName());
                }
            }
        }
        return violations;
    }
}
