package io.github.flinkjobs.core.env;

import io.github.flinkjobs.core.config.ConfigException;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;

/**
 * The retained checkpoints and savepoints a job can resume from ({@code --resume}): those below the cluster's
 * {@code execution.checkpointing.dir} ({@code <job id>/chk-<n>/_metadata}, kept by {@code RETAIN_ON_CANCELLATION}
 * when a job fails for good or is cancelled) and {@code execution.checkpointing.savepoint-dir}
 * ({@code savepoint-*}/_metadata), newest first. One belongs to a job when each operator whose state it holds is an
 * operator of the job (the same uid): exactly what Flink restores without {@code --allowNonRestoredState}, so a
 * resume never silently drops state and never picks up another job's.
 */
public final class RetainedState {

    /** What {@code --resume} takes to mean the newest retained state of the job. */
    public static final String LATEST = "latest";

    private static final String METADATA = "_metadata";

    private RetainedState() {
    }

    /**
     * The checkpoints and savepoints below the configured directories, newest first.
     *
     * @throws ConfigException when no directory is configured or none holds any
     */
    static List<String> candidates(ReadableConfig configuration) {
        List<String> directories = new ArrayList<>();
        configuration.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).ifPresent(directories::add);
        configuration.getOptional(CheckpointingOptions.SAVEPOINT_DIRECTORY).ifPresent(directories::add);
        if (directories.isEmpty()) {
            throw new ConfigException("--resume latest needs the cluster's execution.checkpointing.dir or"
                    + " execution.checkpointing.savepoint-dir, and neither is set: expected --resume PATH");
        }
        List<FileStatus> found = new ArrayList<>();
        for (String directory : directories) {
            try {
                Path root = new Path(directory);
                FileSystem fileSystem = root.getFileSystem();
                if (fileSystem.exists(root)) {
                    collectMetadata(fileSystem, root, 3, found);
                }
            } catch (IOException e) {
                throw new ConfigException("cannot list " + directory + " for --resume latest: " + e.getMessage());
            }
        }
        if (found.isEmpty()) {
            throw new ConfigException("no retained checkpoint or savepoint below " + String.join(" or ", directories)
                    + " for --resume latest: expected a job that checkpointed with retention, or --resume PATH");
        }
        found.sort(Comparator.comparingLong(FileStatus::getModificationTime).reversed());
        return found.stream().map(status -> status.getPath().getParent().toString()).toList();
    }

    /** Adds the {@code _metadata} files at most {@code depth} levels below {@code directory}. */
    private static void collectMetadata(FileSystem fileSystem, Path directory, int depth, List<FileStatus> found)
            throws IOException {
        FileStatus[] entries = fileSystem.listStatus(directory);
        if (entries == null) {
            return;
        }
        for (FileStatus entry : entries) {
            if (!entry.isDir() && entry.getPath().getName().equals(METADATA)) {
                found.add(entry);
            } else if (entry.isDir() && depth > 1) {
                collectMetadata(fileSystem, entry.getPath(), depth - 1, found);
            }
        }
    }

    /**
     * The state the job of {@code jobGraph} resumes from for {@code --resume resume}: the newest of
     * {@code candidates} that belongs to it for {@value #LATEST}, otherwise the path given, once it is checked to
     * belong to it.
     *
     * @throws ConfigException when none of the candidates belongs to the job, or the path given does not
     */
    static String choose(String resume, List<String> candidates, JobGraph jobGraph, String jobName) {
        Set<OperatorID> operators = operators(jobGraph);
        if (!resume.equals(LATEST)) {
            Optional<String> foreign = foreignOperator(resume, operators);
            if (foreign.isPresent()) {
                throw new ConfigException("--resume " + resume + " holds state of " + foreign.get() + ", which "
                        + jobName + " does not have: it belongs to another job (or to an older version of this one)");
            }
            return resume;
        }
        for (String candidate : candidates) {
            if (foreignOperator(candidate, operators).isEmpty()) {
                return candidate;
            }
        }
        throw new ConfigException("none of the " + candidates.size() + " retained checkpoints and savepoints (newest "
                + candidates.get(0) + ") belongs to " + jobName + ": expected --resume PATH");
    }

    private static Set<OperatorID> operators(JobGraph jobGraph) {
        Set<OperatorID> operators = new HashSet<>();
        for (JobVertex vertex : jobGraph.getVertices()) {
            for (OperatorIDPair pair : vertex.getOperatorIDs()) {
                operators.add(pair.getGeneratedOperatorID());
                pair.getUserDefinedOperatorID().ifPresent(operators::add);
            }
        }
        return operators;
    }

    /** An operator with state at {@code pointer} that is not among {@code operators}, described by its uid. */
    private static Optional<String> foreignOperator(String pointer, Set<OperatorID> operators) {
        for (OperatorState state : metadata(pointer).getOperatorStates()) {
            boolean holdsState = !state.getStates().isEmpty() || state.getCoordinatorState() != null;
            if (holdsState && !operators.contains(state.getOperatorID())) {
                return Optional.of("operator " + state.getOperatorUid().map(uid -> "uid " + uid)
                        .orElse("id " + state.getOperatorID()));
            }
        }
        return Optional.empty();
    }

    private static CheckpointMetadata metadata(String pointer) {
        Path path = new Path(pointer);
        Path metadata = path.getName().equals(METADATA) ? path : new Path(path, METADATA);
        try (DataInputStream in = new DataInputStream(metadata.getFileSystem().open(metadata))) {
            return Checkpoints.loadCheckpointMetadata(in, RetainedState.class.getClassLoader(), pointer);
        } catch (IOException e) {
            throw new ConfigException("cannot read the checkpoint or savepoint " + pointer + " (--resume): "
                    + e.getMessage());
        }
    }
}
