package io.github.flinkjobs.core.config;

import java.io.PrintStream;
import java.util.Map;

/**
 * The entry point every job's {@code main} delegates to: parses the configuration, prints {@code --help}, and turns
 * a {@link ConfigException} into one line on stderr and exit status 2, instead of a stack trace or a submitted job
 * that fails on the cluster. Any other failure of the job propagates, so the process exits non-zero.
 */
public final class JobMain {

    /** Exit status for a configuration error. */
    public static final int CONFIG_ERROR = 2;

    /** The body of a job: builds the pipeline from the configuration and executes it. */
    @FunctionalInterface
    public interface JobBody {
        void run(JobConfig config) throws Exception;
    }

    private JobMain() {
    }

    /** Runs the job and exits with status 2 on a configuration error. */
    public static void run(JobSpec spec, String[] args, JobBody body) throws Exception {
        int status = execute(spec, args, System.getenv(), body, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the job and returns the exit status: 0 when the job ran or help was printed, {@link #CONFIG_ERROR} when
     * the configuration was refused.
     */
    public static int execute(JobSpec spec, String[] args, Map<String, String> environment, JobBody body,
            PrintStream out, PrintStream err) throws Exception {
        try {
            JobConfig config = JobConfig.parse(spec, args, environment);
            if (config.helpRequested()) {
                out.print(config.helpText());
                return 0;
            }
            body.run(config);
            return 0;
        } catch (ConfigException e) {
            err.println(spec.name() + ": " + e.getMessage());
            return CONFIG_ERROR;
        }
    }
}
