package io.github.flinkjobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.model.UserStatistics;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed usage-statistics savepoint taken on the heap backend restores on RocksDB with incremental
 * checkpoints ({@code state.backend.type: rocksdb}, {@code execution.checkpointing.incremental: true}, set on the
 * cluster as a deployment would), with exactly the saved totals; the job's checkpoints there are incremental RocksDB
 * ones. {@link CommittedSavepointsIT} restores the RocksDB savepoint on the heap backend.
 */
class CommittedSavepointsOnRocksDbIT {

    @TempDir
    static Path checkpoints;

    private static TestCluster cluster;

    @TempDir
    Path temporary;

    @BeforeAll
    static void startCluster() throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        configuration.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        configuration.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 1000);
        cluster = TestCluster.start(1, CommittedSavepoints.PARALLELISM, configuration);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @AfterEach
    void startAfresh() throws Exception {
        cluster.cancelUnfinishedJobs();
        cluster.restoreFrom(null);
    }

    static List<String> usageStatsReleases() {
        return CommittedSavepointsIT.usageStatsReleases();
    }

    @ParameterizedTest(name = "savepoint of {0}")
    @MethodSource("usageStatsReleases")
    void aHeapSavepointRestoresOnRocksDbWithIncrementalCheckpoints(String release) throws Exception {
        Map<String, List<UserStatistics>> restored = CommittedSavepointsIT.restore(cluster,
                CommittedSavepoints.USAGE_STATS, release, temporary, job -> {
                    cluster.await(job, "a checkpoint after the restore", () -> cluster.completedCheckpoints(job) > 0);
                    List<KeyedStateHandle> keyed = keyedStateOfRetainedCheckpoints("cumulative-statistics");
                    assertThat(keyed).as("keyed state of the windows in the job's checkpoints").isNotEmpty()
                            .allSatisfy(handle ->
                                    assertThat(handle).isInstanceOf(IncrementalRemoteKeyedStateHandle.class));
                });
        CommittedSavepointsIT.assertContinuesFromSavedTotals(CommittedSavepoints.USAGE_STATS, restored);
    }

    /**
     * The keyed state handles of the operator of {@code uid} in every checkpoint still in the checkpoint directory
     * (the cluster retains up to 1000 while the job runs).
     */
    private static List<KeyedStateHandle> keyedStateOfRetainedCheckpoints(String uid) throws Exception {
        List<KeyedStateHandle> handles = new ArrayList<>();
        List<Path> metadataFiles;
        try (var files = Files.walk(checkpoints)) {
            metadataFiles = files.filter(file -> file.getFileName().toString().equals("_metadata")).toList();
        }
        for (Path metadataFile : metadataFiles) {
            CheckpointMetadata metadata;
            try (InputStream in = Files.newInputStream(metadataFile)) {
                metadata = Checkpoints.loadCheckpointMetadata(new DataInputStream(in),
                        CommittedSavepointsOnRocksDbIT.class.getClassLoader(), metadataFile.getParent().toString());
            }
            for (OperatorState operator : metadata.getOperatorStates()) {
                if (operator.getOperatorUid().filter(uid::equals).isPresent()) {
                    for (OperatorSubtaskState subtask : operator.getStates()) {
                        handles.addAll(subtask.getManagedKeyedState());
                    }
                }
            }
        }
        return handles;
    }

}
