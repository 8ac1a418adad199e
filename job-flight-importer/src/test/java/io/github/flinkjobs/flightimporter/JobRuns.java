package io.github.flinkjobs.flightimporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.config.JobSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the module's jobs as their {@code main} does, without exiting the JVM: to completion, or to a refusal. */
final class JobRuns {

    private JobRuns() {
    }

    /** Runs the job, failing the test when it refuses the arguments. */
    static void run(JobSpec spec, JobMain.JobBody body, String... args) throws Exception {
        assertThat(JobMain.execute(spec, args, Map.of(), body, System.out, System.err)).as("exit status").isZero();
    }

    /** What the job prints when it refuses the arguments, after checking it exits with status 2. */
    static String refusal(JobSpec spec, JobMain.JobBody body, String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JobMain.execute(spec, args, Map.of(), body, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as("exit status").isEqualTo(JobMain.CONFIG_ERROR);
        return err.toString(StandardCharsets.UTF_8).strip();
    }
}
