package io.github.flinkjobs.benchmarks;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.core.kafka.KafkaConnectors;
import io.github.flinkjobs.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The flight importer as a user might write it in Flink SQL instead: two Kafka tables in {@code json} format (the
 * feeds), their union with the flights that arrived already filtered out, inserted into a Kafka table keyed by email
 * address, exactly-once with the producer settings of the jobs' sinks and the same checkpointing. Bad records are
 * skipped ({@code json.ignore-parse-errors}); SQL has no dead-letter output.
 */
final class SqlImporter implements Variant {

    private static final JobSpec SPEC = new JobSpec("sql-importer", "The flight importer in Flink SQL", List.of(),
            CommonOptions.KAFKA);

    private final TestKafka broker;
    private final Duration checkpointInterval;
    private final int parallelism;

    SqlImporter(TestKafka broker, Duration checkpointInterval, int parallelism) {
        this.broker = broker;
        this.checkpointInterval = checkpointInterval;
        this.parallelism = parallelism;
    }

    @Override
    public String key() {
        return "sql-importer-p" + parallelism;
    }

    @Override
    public String title() {
        return "Flight importer in Flink SQL, p" + parallelism;
    }

    @Override
    public PreparedRun prepare(Workload workload, String runName) {
        broker.createTopic(runName, Workload.PARTITIONS, true);
        return new PreparedRun(workload.bookings(), workload.arriving(), () -> run(workload, runName),
                () -> broker.countCommitted(runName), () -> broker.deleteTopic(runName));
    }

    private void run(Workload workload, String runName) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.executeSql("CREATE TEMPORARY TABLE skyone (emailAddress STRING, flightDepartureTime TIMESTAMP_LTZ(3),"
                + " iataDepartureCode STRING, flightArrivalTime TIMESTAMP_LTZ(3), iataArrivalCode STRING,"
                + " flightNumber STRING, confirmation STRING) WITH (" + source(workload.skyOneTopic(), runName) + ")");
        tables.executeSql("CREATE TEMPORARY TABLE sunset (customerEmailAddress STRING, departureTime TIMESTAMP_LTZ(3),"
                + " departureAirport STRING, arrivalTime TIMESTAMP_LTZ(3), arrivalAirport STRING, flightId STRING,"
                + " referenceNumber STRING) WITH (" + source(workload.sunsetTopic(), runName) + ")");
        tables.executeSql("CREATE TEMPORARY TABLE flightdata (emailAddress STRING, departureTime TIMESTAMP_LTZ(3),"
                + " departureAirportCode STRING, arrivalTime TIMESTAMP_LTZ(3), arrivalAirportCode STRING,"
                + " flightNumber STRING, confirmationCode STRING, source STRING) WITH (" + sink(runName) + ")");
        String now = "TO_TIMESTAMP_LTZ(" + Workload.NOW.toEpochMilli() + ", 3)";
        tables.executeSql("INSERT INTO flightdata"
                + " SELECT emailAddress, flightDepartureTime, iataDepartureCode, flightArrivalTime, iataArrivalCode,"
                + " flightNumber, confirmation, 'skyone' FROM skyone WHERE flightArrivalTime > " + now
                + " UNION ALL"
                + " SELECT customerEmailAddress, departureTime, departureAirport, arrivalTime, arrivalAirport,"
                + " flightId, referenceNumber, 'sunset' FROM sunset WHERE arrivalTime > " + now)
                .await();
    }

    private String source(String topic, String group) {
        return options(Map.of("connector", "kafka", "topic", topic,
                "properties.bootstrap.servers", broker.bootstrapServers(), "properties.group.id", group,
                "properties.isolation.level", "read_committed", "scan.startup.mode", "earliest-offset",
                "scan.bounded.mode", "latest-offset", "format", "json", "json.timestamp-format.standard", "ISO-8601",
                "json.ignore-parse-errors", "true"));
    }

    private String sink(String topic) {
        JobConfig config = JobConfig.parse(SPEC, new String[] {"--bootstrap-servers", broker.bootstrapServers(),
                "--checkpoint-interval", checkpointInterval.toMillis() + "ms"}, Map.of());
        Properties producer = KafkaConnectors.producerProperties(config);
        Map<String, String> options = new TreeMap<>(Map.of("connector", "kafka", "topic", topic,
                "properties.bootstrap.servers", broker.bootstrapServers(), "key.format", "raw",
                "key.fields", "emailAddress", "value.format", "json",
                "value.json.timestamp-format.standard", "ISO-8601", "sink.delivery-guarantee", "exactly-once",
                "sink.transactional-id-prefix", topic));
        producer.stringPropertyNames().forEach(name -> options.put("properties." + name, producer.getProperty(name)));
        return options(options);
    }

    private static String options(Map<String, String> options) {
        return options.entrySet().stream()
                .map(option -> "'" + option.getKey() + "' = '" + option.getValue() + "'")
                .collect(Collectors.joining(", "));
    }
}
