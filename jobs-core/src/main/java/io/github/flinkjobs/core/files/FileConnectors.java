package io.github.flinkjobs.core.files;

import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.deadletter.RawRecord;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.function.Predicate;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * Builds the suite's file sources and sinks; no job builds one itself.
 *
 * <p>Sources read a file, or every visible file below a directory (names starting with {@code .} or {@code _} are
 * hidden, as Flink treats them), as lines of raw bytes, bounded: the job ends with its input. Sinks write rows into
 * part files directly below the output directory, named {@code <prefix>-<uuid>-<counter><suffix>} (one UUID per
 * parallel writer), and roll them on every checkpoint, so a finished part file is complete and committed, and a bounded run leaves only
 * finished files (files still being written are hidden, starting with a dot).
 */
public final class FileConnectors {

    private FileConnectors() {
    }

    /**
     * A bounded source of the lines of {@code input}: a file, or a directory read recursively.
     *
     * @param name how error messages name the input, such as {@code --input}
     * @throws ConfigException when the input does not exist or holds no visible file
     */
    public static FileSource<RawRecord> lineSource(URI input, String name) {
        Path path = new Path(input);
        try {
            FileSystem fileSystem = path.getFileSystem();
            if (!fileSystem.exists(path)) {
                throw new ConfigException(name + " " + displayName(input) + " does not exist");
            }
            if (!holdsVisibleFile(fileSystem, fileSystem.getFileStatus(path))) {
                throw new ConfigException(name + " " + displayName(input) + " holds no file to read (files whose"
                        + " names start with . or _ are hidden)");
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read " + name + " " + displayName(input) + ": " + e.getMessage(), e);
        }
        return FileSource.forBulkFileFormat(new FileLineFormat(), path)
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(new VisibleBelow(path)))
                .build();
    }

    /**
     * A sink writing one row per record with {@code encoder} into part files directly below {@code directory}.
     * Check the directory first with {@link #checkOutputDirectory}.
     */
    public static <T> FileSink<T> rowSink(URI directory, Encoder<T> encoder, String partPrefix, String partSuffix) {
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
     * Checks that {@code directory} can take new part files: absent or empty is fine; non-empty is refused unless
     * {@code overwrite} (then {@link #emptyDirectory} clears it just before the job runs).
     *
     * @throws ConfigException when the directory is not empty (and {@code overwrite} is false) or is a file
     */
    public static void checkOutputDirectory(URI directory, boolean overwrite) {
        FileStatus[] entries = entries(directory);
        if (entries.length > 0 && !overwrite) {
            throw new ConfigException("output directory " + displayName(directory) + " is not empty: choose another"
                    + " one, or give --overwrite to replace its contents");
        }
    }

    /** Deletes everything inside {@code directory}, which stays; nothing happens when it does not exist. */
    public static void emptyDirectory(URI directory) {
        try {
            FileSystem fileSystem = new Path(directory).getFileSystem();
            for (FileStatus entry : entries(directory)) {
                fileSystem.delete(entry.getPath(), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty output directory " + directory, e);
        }
    }

    private static FileStatus[] entries(URI directory) {
        Path path = new Path(directory);
        try {
            FileSystem fileSystem = path.getFileSystem();
            if (!fileSystem.exists(path)) {
                return new FileStatus[0];
            }
            if (!fileSystem.getFileStatus(path).isDir()) {
                throw new ConfigException("output " + displayName(directory) + " is a file, not a directory");
            }
            FileStatus[] entries = fileSystem.listStatus(path);
            return entries == null ? new FileStatus[0] : entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list output directory " + directory, e);
        }
    }

    /**
     * Refuses two paths of which one holds the other: part files of two outputs would mix, and overwriting an output
     * would delete the other output, or the input inside it.
     */
    public static void requireSeparate(String firstName, URI first, String secondName, URI second) {
        String a = withSlash(first.normalize().toString());
        String b = withSlash(second.normalize().toString());
        if (a.startsWith(b) || b.startsWith(a)) {
            throw new ConfigException(firstName + " " + displayName(first) + " and " + secondName + " "
                    + displayName(second) + " overlap: expected two separate directories");
        }
    }

    /** A URI as a user would write it: a plain path for local files. */
    public static String displayName(URI uri) {
        return "file".equals(uri.getScheme()) ? java.nio.file.Path.of(uri).toString() : uri.toString();
    }

    private static boolean holdsVisibleFile(FileSystem fileSystem, FileStatus status) throws IOException {
        if (!status.isDir()) {
            return true;
        }
        FileStatus[] entries = fileSystem.listStatus(status.getPath());
        if (entries != null) {
            for (FileStatus entry : entries) {
                if (VisibleBelow.isVisible(entry.getPath()) && holdsVisibleFile(fileSystem, entry)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String withSlash(String uri) {
        return uri.endsWith("/") ? uri : uri + "/";
    }

    /**
     * Accepts the input path itself, whatever its name, and every visible path below it. (Flink's default filter
     * would also hide an input that the user named explicitly, such as {@code _staging/}.)
     */
    private static final class VisibleBelow implements Predicate<Path>, Serializable {
        private static final long serialVersionUID = 1L;

        private final String root;

        VisibleBelow(Path root) {
            this.root = pathOnly(root);
        }

        @Override
        public boolean test(Path path) {
            return pathOnly(path).equals(root) || isVisible(path);
        }

        private static String pathOnly(Path path) {
            String text = path.toUri().getPath();
            return text.length() > 1 && text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }

        static boolean isVisible(Path path) {
            String name = path.getName();
            return !name.startsWith(".") && !name.startsWith("_");
        }
    }
}
