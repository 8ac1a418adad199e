package io.github.flinkjobs.core.config;

import java.io.PrintStream;
import java.util.Map;

/**
 * The entry point every job's {@code main} delegates to: parses the configuration, prints {@code --help}, and turns
 * a {@link ConfigException} into one line instead of a submitted job that fails on the cluster. It never exits the
 * JVM: a {@code main} may run inside the JobManager (a jar run from the web UI or the REST API, application mode),
 * whose process must go on serving other jobs. {@link #run} throws the one line as an exception without a stack
 * trace, so {@code java} and {@code ./run-local} print just that line and exit non-zero, {@code flink run} prints it
 * as the program's error, and the REST API answers it.
 */
public final class JobMain {

    /** Exit status {@link #execute} returns for a configuration error. */
    public static final int CONFIG_ERROR = 2;

    /** The body of a job: builds the pipeline from the configuration and executes it. */
    @FunctionalInterface
    public interface JobBody {
        void run(JobConfig config) throws Exception;
    }

    private JobMain() {
    }

    /**
     * Runs the job.
     *
     * @throws ConfigException without a stack trace, its message {@code <job>: <problem>}, when the configuration
     *     was refused
     */
    public static void run(JobSpec spec, String[] args, JobBody body) throws Exception {
        try {
            runOrRefuse(spec, args, System.getenv(), body, System.out);
        } catch (ConfigException e) {
            throw ConfigException.refused(spec.name() + ": " + e.getMessage());
        }
    }

    /**
     * Runs the job and returns the exit status: 0 when the job ran or help was printed, {@link #CONFIG_ERROR} when
     * the configuration was refused (its line printed to {@code err}).
     */
    public static int execute(JobSpec spec, String[] args, Map<String, String> environment, JobBody body,
            PrintStream out, PrintStream err) throws Exception {
        try {
            runOrRefuse(spec, args, environment, body, out);
            return 0;
        } catch (ConfigException e) {
            err.println(spec.name() + ": " + e.getMessage());
            return CONFIG_ERROR;
        }
    }

    private static void runOrRefuse(JobSpec spec, String[] args, Map<String, String> environment, JobBody body,
            PrintStream out) throws Exception {
        JobConfig config = JobConfig.parse(spec, args, environment);
        if (config.helpRequested()) {
            out.print(config.helpText());
            return;
        }
        body.run(config);
    }
}
