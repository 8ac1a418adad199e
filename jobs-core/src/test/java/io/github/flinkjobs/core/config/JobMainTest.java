package io.github.flinkjobs.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JobMainTest {

    private static final JobSpec SPEC = new JobSpec("test-job", "Does things.",
            List.of(CommonOptions.CHECKPOINT_INTERVAL));

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(JobMain.JobBody body, String... args) throws Exception {
        return JobMain.execute(SPEC, args, Map.of(), body,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsTheOptionsAndDoesNotRunTheJob() throws Exception {
        AtomicReference<JobConfig> ran = new AtomicReference<>();

        int status = execute(ran::set, "--help");

        assertThat(status).isZero();
        assertThat(ran.get()).isNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: test-job", "--checkpoint-interval");
    }

    @Test
    void aBadValueIsOneLineOnStderrAndStatusTwo() throws Exception {
        AtomicReference<JobConfig> ran = new AtomicReference<>();

        int status = execute(ran::set, "--checkpoint-interval", "soon");

        assertThat(status).isEqualTo(2);
        assertThat(ran.get()).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("test-job: invalid value 'soon' for"
                + " --checkpoint-interval: expected a positive duration with a unit such as 500ms, 5s, 1min,"
                + " or off" + System.lineSeparator());
    }

    @Test
    void aConfigurationProblemFoundWhileBuildingIsReportedTheSameWay() throws Exception {
        int status = execute(config -> {
            throw new ConfigException("output directory /x is not empty");
        });

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("test-job: output directory /x is not empty");
    }

    @Test
    void theJobRunsWithItsConfiguration() throws Exception {
        AtomicReference<JobConfig> ran = new AtomicReference<>();

        int status = execute(ran::set, "--checkpoint-interval", "2s");

        assertThat(status).isZero();
        assertThat(ran.get().get(CommonOptions.CHECKPOINT_INTERVAL)).hasSeconds(2);
    }

    @Test
    void aMainThatRunsInsideTheJobManagerThrowsTheOneLineInsteadOfExitingTheJvm() {
        assertThatThrownBy(() -> JobMain.run(SPEC, new String[] {"--checkpoint-interval", "soon"}, config -> { }))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test-job: invalid value 'soon' for --checkpoint-interval: expected a positive duration"
                        + " with a unit such as 500ms, 5s, 1min, or off")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getStackTrace()).as("stack trace").isEmpty());
    }
}
