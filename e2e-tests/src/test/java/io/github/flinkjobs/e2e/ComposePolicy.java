package io.github.flinkjobs.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The restart, checkpoint and state policy that {@code docker-compose.yml} gives its Flink cluster
 * ({@code FLINK_PROPERTIES} of the JobManager): the end-to-end cluster runs with exactly these lines, so what the
 * end-to-end tests prove of the policy is what the compose stack runs with.
 */
final class ComposePolicy {

    private static final List<String> POLICY_PREFIXES = List.of("restart-strategy.", "execution.checkpointing.",
            "pipeline.max-parallelism", "state.backend.");

    private static final List<String> LOCATIONS = List.of("execution.checkpointing.dir",
            "execution.checkpointing.savepoint-dir");

    private ComposePolicy() {
    }

    /** The policy lines ({@code key: value}) of the JobManager's {@code FLINK_PROPERTIES}, without directories. */
    @SuppressWarnings("unchecked")
    static List<String> of(Path composeFile) throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(composeFile));
        Map<String, Object> jobManager = (Map<String, Object>) ((Map<String, Object>) compose.get("services"))
                .get("jobmanager");
        String properties = (String) ((Map<String, Object>) jobManager.get("environment")).get("FLINK_PROPERTIES");
        return properties.lines()
                .map(String::strip)
                .filter(line -> !line.startsWith("#") && line.contains(":"))
                .filter(line -> POLICY_PREFIXES.stream().anyMatch(line::startsWith))
                .filter(line -> LOCATIONS.stream().noneMatch(location -> line.startsWith(location + ":")))
                .toList();
    }
}
