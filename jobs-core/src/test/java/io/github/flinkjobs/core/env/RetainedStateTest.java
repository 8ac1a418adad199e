package io.github.flinkjobs.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.config.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedStateTest {

    @TempDir
    Path temp;

    @Test
    void latestNeedsACheckpointOrSavepointDirectory() {
        assertThatThrownBy(() -> RetainedState.candidates(new Configuration()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--resume latest needs the cluster's execution.checkpointing.dir or"
                        + " execution.checkpointing.savepoint-dir, and neither is set: expected --resume PATH");
    }

    @Test
    void directoriesWithoutAnyRetainedStateAreRefused() throws Exception {
        Path checkpoints = Files.createDirectories(temp.resolve("checkpoints").resolve("0123").resolve("chk-1"));
        Configuration configuration = new Configuration();
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, temp.resolve("checkpoints").toUri().toString());
        configuration.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, temp.resolve("none").toUri().toString());

        assertThat(checkpoints).isEmptyDirectory();
        assertThatThrownBy(() -> RetainedState.candidates(configuration))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("no retained checkpoint or savepoint below "
                        + temp.resolve("checkpoints").toUri())
                .hasMessageEndingWith("for --resume latest: expected a job that checkpointed with retention, or"
                        + " --resume PATH");
    }

    @Test
    void retainedCheckpointsAndSavepointsAreCandidatesNewestFirst() throws Exception {
        Path checkpoints = temp.resolve("checkpoints");
        Path savepoints = temp.resolve("savepoints");
        Path older = metadata(checkpoints.resolve("job-a").resolve("chk-3"), "2026-01-01T00:00:00Z");
        Path newest = metadata(savepoints.resolve("savepoint-a1b2c3-d4e5f6"), "2026-01-03T00:00:00Z");
        Path newer = metadata(checkpoints.resolve("job-b").resolve("chk-7"), "2026-01-02T00:00:00Z");
        Files.createDirectories(checkpoints.resolve("job-b").resolve("shared"));
        Configuration configuration = new Configuration();
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        configuration.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints.toUri().toString());

        assertThat(RetainedState.candidates(configuration)).extracting(pointer -> Path.of(URI.create(pointer)))
                .containsExactly(newest, newer, older);
    }

    private static Path metadata(Path directory, String modified) throws Exception {
        Path file = Files.createDirectories(directory).resolve("_metadata");
        Files.write(file, new byte[] {1});
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(modified)));
        return directory;
    }
}
