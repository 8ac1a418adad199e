package io.github.flinkjobs.core.files;

import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.deadletter.RawRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * Builds the suite's file sources and sinks; no job builds one itself.
 *
 * <p>Sources read a file, or every non-hidden file below a directory, as lines of raw bytes, bounded: the job ends
 * with its input. Sinks write rows into part files directly below the output directory and roll them on every
 * checkpoint, so a finished part file is complete and committed, and a bounded run leaves only finished files
 * (files still being written are hidden, starting with a dot). A non-empty output directory is refused unless the
 * caller allows overwriting it, in which case its contents are deleted first.
 */
public final class FileConnectors {

    private FileConnectors() {
    }

    /**
     * A bounded source of the lines of {@code input} (a file, or a directory read recursively).
     *
     * @throws ConfigException when the input does not exist
     */
    public static FileSource<RawRecord> lineSource(URI input) {
        Path path = new Path(input);
        try {
            if (!path.getFileSystem().exists(path)) {
                throw new ConfigException("input " + input + " does not exist");
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read input " + input + ": " + e.getMessage(), e);
        }
        return FileSource.forRecordStreamFormat(new ByteLineFormat(displayName(input)), path).build();
    }

    /**
     * A sink writing one row per record with {@code encoder} into part files named
     * {@code <prefix>-<subtask>-<counter><suffix>} directly below {@code directory}.
     *
     * @param overwrite whether a non-empty directory may be emptied; otherwise it is refused
     * @throws ConfigException when the directory is not empty (and {@code overwrite} is false) or not a directory
     */
    public static <T> FileSink<T> rowSink(
            URI directory, Encoder<T> encoder, String partPrefix, String partSuffix, boolean overwrite) {
        prepareOutputDirectory(directory, overwrite);
        return FileSink.forRowFormat(new Path(directory), encoder)
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix(partPrefix)
                        .withPartSuffix(partSuffix)
                        .build())
                .build();
    }

    /**
     * Makes sure {@code directory} can take new part files: absent or empty is fine; non-empty is refused unless
     * {@code overwrite}, which deletes its contents.
     */
    public static void prepareOutputDirectory(URI directory, boolean overwrite) {
        Path path = new Path(directory);
        try {
            FileSystem fileSystem = path.getFileSystem();
            if (!fileSystem.exists(path)) {
                return;
            }
            FileStatus status = fileSystem.getFileStatus(path);
            if (!status.isDir()) {
                throw new ConfigException("output " + directory + " is a file, not a directory");
            }
            FileStatus[] entries = fileSystem.listStatus(path);
            if (entries == null || entries.length == 0) {
                return;
            }
            if (!overwrite) {
                throw new ConfigException("output directory " + displayName(directory) + " is not empty: choose"
                        + " another one, or give --overwrite to replace its contents");
            }
            for (FileStatus entry : entries) {
                fileSystem.delete(entry.getPath(), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare output directory " + directory, e);
        }
    }

    /** A URI as a user would write it: a plain path for local files. */
    static String displayName(URI uri) {
        return "file".equals(uri.getScheme()) ? java.nio.file.Path.of(uri).toString() : uri.toString();
    }
}
