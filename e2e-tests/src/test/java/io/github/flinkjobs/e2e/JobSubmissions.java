package io.github.flinkjobs.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How each job is submitted, read from {@code deploy/jobs.mk}, the file the Makefile includes: lines
 * {@code <job>.jar = ...}, {@code <job>.main = ...} (optional) and {@code <job>.args = ...}.
 */
final class JobSubmissions {

    /** The file, relative to the repository root. */
    static final String FILE = "deploy/jobs.mk";

    /**
     * One job's submission.
     *
     * @param jar the jar's file name (in {@code /opt/flink/jobs/} of the image, in {@code <module>/target/} of the
     *     build)
     * @param mainClass the main class when it is not the jar's default
     * @param args the job's arguments
     */
    record Submission(String name, String jar, Optional<String> mainClass, List<String> args) {

        /** The module that builds the jar: the jar's name without {@code .jar}. */
        String module() {
            return jar.substring(0, jar.length() - ".jar".length());
        }

        /** The arguments of {@code flink run} after {@code run}: options, then the jar, then the job's arguments. */
        List<String> runArguments(Path jarFile, String... runOptions) {
            List<String> arguments = new ArrayList<>(Arrays.asList(runOptions));
            mainClass.ifPresent(main -> arguments.addAll(List.of("-c", main)));
            arguments.add(jarFile.toString());
            arguments.addAll(args);
            return arguments;
        }
    }

    private JobSubmissions() {
    }

    /** Every job of the file, in file order. */
    static Map<String, Submission> read(Path repositoryRoot) throws IOException {
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(repositoryRoot.resolve(FILE))) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            int dot = trimmed.lastIndexOf('.', equals);
            if (equals < 0 || dot < 0) {
                throw new IllegalArgumentException(FILE + ": not <job>.<key> = <value>: " + line);
            }
            String job = trimmed.substring(0, dot);
            String key = trimmed.substring(dot + 1, equals).strip();
            values.computeIfAbsent(job, j -> new LinkedHashMap<>()).put(key, trimmed.substring(equals + 1).strip());
        }
        Map<String, Submission> submissions = new LinkedHashMap<>();
        values.forEach((job, keys) -> {
            if (!keys.containsKey("jar") || !keys.containsKey("args")
                    || !List.of("jar", "main", "args").containsAll(keys.keySet())) {
                throw new IllegalArgumentException(FILE + ": job " + job + " needs .jar and .args (and may have"
                        + " .main), not " + keys.keySet());
            }
            List<String> args = keys.get("args").isEmpty() ? List.of() : List.of(keys.get("args").split("\\s+"));
            submissions.put(job, new Submission(job, keys.get("jar"), Optional.ofNullable(keys.get("main")), args));
        });
        return submissions;
    }
}
