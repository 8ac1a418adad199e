package io.github.flinkjobs.core.config;

import java.util.List;

/**
 * What a job is called, what it does in one sentence, and the options it understands. {@code --help} prints it;
 * {@link JobConfig#parse} accepts exactly these options (plus {@code --kafka.<property>} where the job uses Kafka).
 *
 * @param name the job's name: its Flink job name, default consumer group and transactional id prefix
 * @param summary one sentence for {@code --help}
 * @param options every option the job reads
 */
public record JobSpec(String name, String summary, List<Option<?>> options) {
    public JobSpec {
        options = List.copyOf(options);
    }
}
