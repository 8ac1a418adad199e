package io.github.flinkjobs.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.core.env.JobEnvironment;
import io.github.flinkjobs.core.jdbc.JdbcConnectors;
import io.github.flinkjobs.core.kafka.KafkaConnectors;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestPostgres;
import io.github.flinkjobs.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database password and the Kafka credentials of a job never show: not in what the Flink REST API (the web UI)
 * tells about the job, not in any log line of the run (Flink, the Kafka clients, the JDBC sink), not on stdout or
 * stderr. The job reads Kafka, writes Kafka exactly-once and upserts into PostgreSQL as a user whose password is a
 * secret, with a JAAS configuration on the command line and a password in the Kafka properties file.
 */
class SecretsIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final JobSpec SPEC = new JobSpec("secrets-test", "copies Kafka to Kafka and PostgreSQL",
            List.of(CommonOptions.INPUT, CommonOptions.JDBC_URL, CommonOptions.JDBC_USER,
                    CommonOptions.JDBC_PASSWORD_FILE),
            CommonOptions.KAFKA);

    private static final String DATABASE_PASSWORD = "Db-Secret-7f3a9c";
    private static final String JAAS_PASSWORD = "Kafka-Secret-4b2e81";
    private static final String FILE_PASSWORD = "Truststore-Secret-93d1c0";

    @TempDir
    Path temp;

    private final TestKafka kafka = TestKafka.get();
    private final TestDatabase database = TestPostgres.get().createDatabase();

    @Test
    void secretsNeverShowInTheRestApiTheLogsOrTheOutput(@InjectClusterClient ClusterClient<?> client)
            throws Exception {
        String input = kafka.createTopic("in", 2);
        String output = kafka.createTopic("out", 2);
        kafka.produce(input, List.of("a", "b", "c"));
        String table = TestServices.randomName("copies");
        String user = TestServices.randomName("writer");
        database.execute("CREATE TABLE " + table + " (v text PRIMARY KEY)");
        database.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + DATABASE_PASSWORD + "'");
        database.execute("GRANT ALL ON " + table + " TO " + user);
        Path properties = Files.writeString(temp.resolve("kafka.properties"),
                "ssl.truststore.password=" + FILE_PASSWORD + "\n");
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"flink\""
                + " password=\"" + JAAS_PASSWORD + "\";";
        String[] args = {"--bootstrap-servers", kafka.bootstrapServers(), "--bounded", "--checkpoint-interval",
            "300ms", "--group-id", TestServices.randomName("group"), "--kafka-properties-file", properties.toString(),
            "--kafka.sasl.jaas.config", jaas, "--jdbc-url", database.jdbcUrl(), "--jdbc-user", user};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicReference<JobID> job = new AtomicReference<>();
        List<String> logs;

        try (CapturedLogs captured = new CapturedLogs()) {
            int status = JobMain.execute(SPEC, args, Map.of("JDBC_PASSWORD", DATABASE_PASSWORD), config -> {
                JdbcConnectors.requireTable(config, table, "v");
                StreamExecutionEnvironment env = JobEnvironment.create(config);
                DataStream<String> values = JobIo.rawInput(env, config, "input", CommonOptions.INPUT, input).records()
                        .map(record -> new String(record.value(), StandardCharsets.UTF_8), Types.STRING)
                        .uid("decode").name("decode");
                values.sinkTo(KafkaConnectors.sink(config, output, new SimpleStringSchema()))
                        .uid("kafka-sink").name("Kafka: " + output);
                values.sinkTo(JdbcConnectors.sink(config, "INSERT INTO " + table + " (v) SELECT ? ON CONFLICT DO"
                                + " NOTHING", (statement, value) -> statement.setString(1, value)))
                        .uid("jdbc-sink").name("PostgreSQL: " + table);
                job.set(JobIo.execute(env, config).getJobID());
            }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(status).isZero();
            logs = captured.lines();
        }

        assertThat(kafka.readCommittedValues(output)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(database.query("SELECT v FROM " + table + " ORDER BY v"))
                .containsExactly(List.of("a"), List.of("b"), List.of("c"));
        URI rest = URI.create(client.getWebInterfaceURL() + "/");
        List<String> answers = new ArrayList<>();
        for (String path : List.of("jobs/" + job.get(), "jobs/" + job.get() + "/config",
                "jobs/" + job.get() + "/plan", "jobs/" + job.get() + "/checkpoints/config", "jobmanager/config")) {
            answers.add(get(rest.resolve(path)));
        }
        assertThat(answers.get(1)).contains("\"kafka.sasl.jaas.config\":\"******\"", "\"jdbc-user\":\"" + user + "\"");
        assertThat(logs).anySatisfy(line -> assertThat(line).contains("ProducerConfig values",
                "sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]"));
        List<String> everything = new ArrayList<>(answers);
        everything.addAll(logs);
        everything.add(out.toString(StandardCharsets.UTF_8));
        everything.add(err.toString(StandardCharsets.UTF_8));
        for (String secret : List.of(DATABASE_PASSWORD, JAAS_PASSWORD, FILE_PASSWORD)) {
            assertThat(everything).noneSatisfy(text -> assertThat(text).contains(secret));
        }
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
        return response.body();
    }
}
