package io.github.flinkjobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads a file sink's output as a user would: every non-hidden file below a directory, in any order. */
public final class PartFiles {

    private PartFiles() {
    }

    /** The finished part files below {@code directory} (none when it does not exist). */
    public static List<Path> finished(Path directory) {
        return files(directory, false);
    }

    /** Files still in progress or pending (hidden, starting with a dot) below {@code directory}. */
    public static List<Path> inProgress(Path directory) {
        return files(directory, true);
    }

    /** Every line of every finished part file below {@code directory}. */
    public static List<String> lines(Path directory) {
        List<String> lines = new ArrayList<>();
        for (Path file : finished(directory)) {
            try {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    private static List<Path> files(Path directory, boolean hidden) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> isHidden(directory, file) == hidden)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hidden as Flink's file source sees it: the file or a directory on its way starts with a dot or underscore. */
    private static boolean isHidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".") || part.toString().startsWith("_")) {
                return true;
            }
        }
        return false;
    }
}
