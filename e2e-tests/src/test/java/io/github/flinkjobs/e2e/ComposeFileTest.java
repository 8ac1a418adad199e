package io.github.flinkjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.e2e.JobSubmissions.Submission;
import io.github.flinkjobs.testing.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Validates the docker compose stack without Docker: {@code docker-compose.yml} parses, everything it references
 * exists, images are pinned, ports stay on 127.0.0.1, and the Makefile, {@code deploy/jobs.mk}, the Dockerfile and
 * the build agree on jobs, jars and topics.
 */
class ComposeFileTest {

    private static final Path REPOSITORY = Repository.root();

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        compose = new Yaml().load(Files.readString(REPOSITORY.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void holdsTheServicesOfTheStack() {
        assertThat(services).containsKeys("kafka", "kafka-init", "kafka-ui", "postgres", "jobmanager", "taskmanager");
    }

    @Test
    void everyImageIsPinnedAndMatchesTheVersionsTheTestsUse() throws IOException {
        for (var service : services.entrySet()) {
            String image = (String) service.getValue().get("image");
            assertThat(image).as("image of " + service.getKey()).isNotNull().matches(".+:[^:/]+");
            assertThat(image).as("image of " + service.getKey()).doesNotEndWith(":latest");
        }
        String pom = Files.readString(REPOSITORY.resolve("pom.xml"));
        assertThat(services.get("kafka").get("image")).isEqualTo(property(pom, "kafka.image"));
        assertThat(services.get("postgres").get("image")).isEqualTo(property(pom, "postgres.image"));

        List<String> baseImages = Files.readAllLines(REPOSITORY.resolve("Dockerfile")).stream()
                .filter(line -> line.startsWith("FROM "))
                .map(line -> line.split("\\s+")[1])
                .toList();
        assertThat(baseImages).allMatch(image -> image.matches(".+:[^:/]+") && !image.endsWith(":latest"));
        assertThat(baseImages).contains("flink:" + property(pom, "flink.version") + "-java17");
    }

    @Test
    void portsArePublishedOnTheLoopbackInterfaceOnly() {
        services.forEach((name, service) -> {
            for (Object port : list(service.get("ports"))) {
                assertThat(port.toString()).as("port of " + name).startsWith("127.0.0.1:");
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void dependenciesNameExistingServicesAndWaitForWhatTheyCanCheck() {
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            ((Map<String, Map<String, String>>) dependsOn).forEach((dependency, how) -> {
                assertThat(services).as(name + " depends on " + dependency).containsKey(dependency);
                String condition = how.get("condition");
                if (condition.equals("service_healthy")) {
                    assertThat(services.get(dependency)).as(dependency + " has a healthcheck").containsKey("healthcheck");
                } else {
                    assertThat(condition).isEqualTo("service_completed_successfully");
                    assertThat(services.get(dependency).get("restart")).as(dependency + " runs once").isEqualTo("no");
                }
            });
        });
        for (String service : List.of("kafka", "postgres", "jobmanager")) {
            assertThat(services.get(service)).as(service + " has a healthcheck").containsKey("healthcheck");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void volumesAreDeclaredAndMountedFilesExist() throws IOException {
        Set<String> declared = ((Map<String, Object>) compose.get("volumes")).keySet();
        String ignored = Files.readString(REPOSITORY.resolve(".gitignore"));
        services.forEach((name, service) -> {
            for (Object volume : list(service.get("volumes"))) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".")) {
                    Path path = REPOSITORY.resolve(source).normalize();
                    boolean createdByTheStack = ignored.contains("/" + REPOSITORY.relativize(path) + "/");
                    assertThat(Files.exists(path) || createdByTheStack)
                            .as(name + " mounts " + source + ", which exists or is a git-ignored output directory")
                            .isTrue();
                } else {
                    assertThat(declared).as(name + " mounts volume " + source).contains(source);
                }
            }
        });
        assertThat(list(services.get("postgres").get("volumes")))
                .contains("./sql/schema.sql:/docker-entrypoint-initdb.d/01-schema.sql:ro");
    }

    @Test
    void everyVariableTheStackReadsIsDocumentedInTheEnvExampleAndDotEnvIsNotCommitted() throws IOException {
        String text = Files.readString(REPOSITORY.resolve("docker-compose.yml"));
        Set<String> used = new TreeSet<>();
        Matcher matcher = Pattern.compile("(?<!\\$)\\$\\{([A-Z_]+)").matcher(text);
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(REPOSITORY.resolve(".env.example"))) {
            if (line.matches("[A-Z_]+=.*")) {
                documented.add(line.substring(0, line.indexOf('=')));
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(documented).containsAll(used);
        assertThat(Files.readAllLines(REPOSITORY.resolve(".gitignore"))).contains(".env");
    }

    @Test
    void everyJobOfTheMakefileIsBuiltByAModuleAndCopiedIntoTheImage() throws IOException {
        Map<String, Submission> submissions = JobSubmissions.read(REPOSITORY);
        assertThat(submissions).isNotEmpty();
        String makefile = Files.readString(REPOSITORY.resolve("Makefile"));
        Matcher jobNames = Pattern.compile("(?m)^JOB_NAMES := (.*)$").matcher(makefile);
        assertThat(jobNames.find()).as("JOB_NAMES in the Makefile").isTrue();
        assertThat(jobNames.group(1).trim().split("\\s+")).containsExactlyInAnyOrderElementsOf(submissions.keySet());
        assertThat(makefile).contains("include " + JobSubmissions.FILE);

        String dockerfile = Files.readString(REPOSITORY.resolve("Dockerfile"));
        assertThat(dockerfile).contains("/src/job-*/target/job-*.jar /opt/flink/jobs/");
        for (Submission submission : submissions.values()) {
            Path pom = REPOSITORY.resolve(submission.module()).resolve("pom.xml");
            assertThat(pom).as("module of " + submission.jar()).isRegularFile();
            String modulePom = Files.readString(pom);
            assertThat(modulePom).contains("<artifactId>" + submission.module() + "</artifactId>")
                    .contains("<finalName>${project.artifactId}</finalName>");
            submission.mainClass().ifPresent(main -> assertThat(REPOSITORY.resolve(submission.module())
                    .resolve("src/main/java").resolve(main.replace('.', '/') + ".java")).isRegularFile());
        }
    }

    @Test
    void theTopicInitializerCreatesEveryTopicTheJobsUseWithTwoPartitions() throws IOException {
        String init = String.join("\n", list(services.get("kafka-init").get("command")).stream()
                .map(Object::toString).toList());
        Matcher loop = Pattern.compile("for topic in ([^;]+);").matcher(init);
        assertThat(loop.find()).as("the topic loop of kafka-init").isTrue();
        Set<String> created = new LinkedHashSet<>(List.of(loop.group(1).trim().split("\\s+")));
        assertThat(init).contains("--partitions 2");

        Set<String> used = new TreeSet<>();
        for (Submission submission : JobSubmissions.read(REPOSITORY).values()) {
            List<String> args = submission.args();
            for (int i = 0; i + 1 < args.size(); i++) {
                String option = args.get(i);
                if (option.startsWith("--") && option.endsWith("topic")) {
                    String topic = args.get(i + 1);
                    used.add(topic);
                    if (!option.equals("--output-topic")) {
                        used.add(topic + ".dlq");
                    }
                }
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(created).containsAll(used);
    }

    private static String property(String pom, String name) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(matcher.find()).as("property " + name + " in pom.xml").isTrue();
        return matcher.group(1);
    }

    private static List<Object> list(Object value) {
        return value == null ? List.of() : new ArrayList<>((List<?>) value);
    }
}
