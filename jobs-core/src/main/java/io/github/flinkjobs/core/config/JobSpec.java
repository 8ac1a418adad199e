package io.github.flinkjobs.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What a job is called, what it does in one sentence, and the options it understands. {@code --help} prints it;
 * {@link JobConfig#parse} accepts exactly these options, plus {@code --kafka.<property>} and the options of
 * {@link CommonOptions#ENVIRONMENT} that every job has (added when the list does not hold them already).
 *
 * @param name the job's name: its Flink job name, default consumer group and transactional id prefix
 * @param summary one sentence for {@code --help}
 * @param options every option the job reads
 */
public record JobSpec(String name, String summary, List<Option<?>> options) {
    public JobSpec {
        List<Option<?>> all = new ArrayList<>(options);
        for (Option<?> common : CommonOptions.ENVIRONMENT) {
            if (all.stream().noneMatch(option -> option.name().equals(common.name()))) {
                all.add(common);
            }
        }
        options = List.copyOf(all);
    }

    /** A job with its own options followed by a shared group of options, such as {@link CommonOptions#KAFKA}. */
    public JobSpec(String name, String summary, List<Option<?>> own, List<Option<?>> shared) {
        this(name, summary, concat(own, shared));
    }

    private static List<Option<?>> concat(List<Option<?>> first, List<Option<?>> second) {
        List<Option<?>> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
