package io.github.flinkjobs.reliability;

import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The usage statistics job's arguments in these tests: Kafka in and out, PostgreSQL, 300 ms checkpoints. */
final class UsageStatsArguments {

    private UsageStatsArguments() {
    }

    /**
     * Arguments reading {@code input} and writing {@code output} and {@code database} as consumer group
     * {@code group}, never taking a partition for idle (the windows of a drained stop then fire, FLINK-40499),
     * followed by {@code more}.
     */
    static List<String> of(TestKafka kafka, String input, String output, TestDatabase database, String group,
            Path temporary, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--input-topic",
                input, "--output-topic", output, "--group-id", group, "--checkpoint-interval", "300ms",
                "--idleness", "1h", "--jdbc-url", database.jdbcUrl(), "--jdbc-user", database.user(),
                "--jdbc-password-file", database.writePasswordFile(temporary).toString()));
        args.addAll(List.of(more));
        return args;
    }
}
