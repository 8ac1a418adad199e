package io.github.flinkjobs.core.kafka;

import static io.github.flinkjobs.core.config.CommonOptions.BOOTSTRAP_SERVERS;
import static io.github.flinkjobs.core.config.CommonOptions.DELIVERY_GUARANTEE;

import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.env.JobEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.lineage.LineageDataset;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;
import org.apache.flink.streaming.api.transformations.SinkTransformation;
import org.apache.flink.streaming.api.transformations.SourceTransformation;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, where {@code main} runs and before the job is submitted, that the Kafka a job reads or writes is usable, so
 * that a misconfiguration is one clear line instead of a job restarting on the cluster: the brokers answer within
 * {@value #TIMEOUT_SECONDS} seconds, every input topic exists, every output and dead-letter topic exists or the
 * brokers create topics on first use ({@code auto.create.topics.enable}), and the transaction timeout of exactly-once
 * sinks is at most the brokers' {@code transaction.max.timeout.ms}. A job that may be resuming (from a savepoint, or
 * a {@code main} the JobManager re-runs after a failover) is never refused: its state must not be given up for a
 * broker that is down at that moment, so there a problem is a warning in the log and the job starts. The admin client uses the job's client properties
 * (security settings); when the brokers' configuration cannot be described (no {@code DescribeConfigs} permission),
 * the timeout is checked against the brokers' default instead and a warning says so.
 */
public final class KafkaStartupCheck {

    static final int TIMEOUT_SECONDS = 5;

    private static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);

    private static final String MAX_TRANSACTION_TIMEOUT = "transaction.max.timeout.ms";

    private static final String AUTO_CREATE_TOPICS = "auto.create.topics.enable";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStartupCheck.class);

    private KafkaStartupCheck() {
    }

    /**
     * Checks the Kafka sources and sinks of the pipeline built on {@code env}; does nothing for a job without any.
     *
     * @throws ConfigException naming the bootstrap servers, the topic or the timeout that is refused
     */
    public static void check(StreamExecutionEnvironment env, JobConfig config) {
        Set<String> inputTopics = new LinkedHashSet<>();
        Set<String> outputTopics = new LinkedHashSet<>();
        boolean readsKafka = false;
        boolean writesKafka = false;
        for (Transformation<?> transformation : transformations(env)) {
            if (transformation instanceof SourceTransformation<?, ?, ?> source
                    && source.getSource() instanceof KafkaSource<?> kafkaSource) {
                readsKafka = true;
                inputTopics.addAll(topics(kafkaSource));
            } else if (transformation instanceof SinkTransformation<?, ?> sink
                    && sink.getSink() instanceof KafkaSink<?> kafkaSink) {
                writesKafka = true;
                outputTopics.addAll(topics(kafkaSink));
            }
        }
        if (readsKafka || writesKafka) {
            try {
                check(config, inputTopics, outputTopics,
                        writesKafka && config.get(DELIVERY_GUARANTEE) == DeliveryGuarantee.EXACTLY_ONCE);
            } catch (ConfigException e) {
                if (!JobEnvironment.mayResume(env)) {
                    throw e;
                }
                LOG.warn("{} resumes although its Kafka check failed: {}", config.jobName(), e.getMessage());
            }
        }
    }

    /**
     * Checks that the brokers answer, that {@code inputTopics} exist, that {@code outputTopics} exist or would be
     * created, and, for a job with {@code exactlyOnceSinks}, that they accept its transaction timeout.
     *
     * @throws ConfigException naming the bootstrap servers, the topic or the timeout that is refused
     */
    public static void check(JobConfig config, Collection<String> inputTopics, Collection<String> outputTopics,
            boolean exactlyOnceSinks) {
        String servers = config.get(BOOTSTRAP_SERVERS);
        Properties clientProperties = KafkaConnectors.clientProperties(config);
        KafkaConnectors.TransactionTimeout transactionTimeout = exactlyOnceSinks
                ? KafkaConnectors.transactionTimeout(config, clientProperties)
                : null;
        Admin admin = createAdmin(config, servers, clientProperties);
        try {
            Collection<Node> brokers = await(admin.describeCluster().nodes(), servers, "reach");
            Set<String> missingInputs = missingTopics(admin, servers, inputTopics);
            if (!missingInputs.isEmpty()) {
                throw new ConfigException("input topic " + String.join(", ", missingInputs) + " does not exist on"
                        + " Kafka at " + servers + " (--bootstrap-servers): expected an existing topic");
            }
            Set<String> missingOutputs = missingTopics(admin, servers, outputTopics);
            if (!missingOutputs.isEmpty() && !createsTopics(admin, brokers)) {
                throw new ConfigException("output topic " + String.join(", ", missingOutputs) + " does not exist on"
                        + " Kafka at " + servers + " (--bootstrap-servers), whose brokers do not create topics"
                        + " (auto.create.topics.enable=false): expected an existing topic");
            }
            if (transactionTimeout != null) {
                KafkaConnectors.requireAcceptedByBrokers(transactionTimeout,
                        maxTransactionTimeout(admin, servers, brokers), servers);
            }
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private static Admin createAdmin(JobConfig config, String servers, Properties clientProperties) {
        Properties properties = new Properties();
        clientProperties.stringPropertyNames().stream()
                .filter(AdminClientConfig.configNames()::contains)
                .forEach(name -> properties.setProperty(name, clientProperties.getProperty(name)));
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, config.jobName() + "-startup-check");
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        try {
            return Admin.create(properties);
        } catch (KafkaException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigException("cannot create a Kafka client for " + servers + " (--bootstrap-servers): "
                    + JobConfig.mask(cause.getMessage(), KafkaConnectors.secrets(clientProperties)));
        }
    }

    private static Set<String> missingTopics(Admin admin, String servers, Collection<String> topics) {
        Set<String> missing = new LinkedHashSet<>();
        if (topics.isEmpty()) {
            return missing;
        }
        var descriptions = admin.describeTopics(topics).topicNameValues();
        for (String topic : topics) {
            try {
                await(descriptions.get(topic), servers, "describe topics on");
            } catch (ConfigException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                missing.add(topic);
            }
        }
        return missing;
    }

    /**
     * Whether the brokers create a topic on its first use ({@code auto.create.topics.enable}, Kafka's default);
     * assumed when their configuration cannot be described (the producer then says so on the cluster).
     */
    private static boolean createsTopics(Admin admin, Collection<Node> brokers) {
        return brokerSettings(admin, brokers, AUTO_CREATE_TOPICS).stream().allMatch(Boolean::parseBoolean);
    }

    /** The values the brokers report for {@code name}; empty when their configuration cannot be described. */
    private static List<String> brokerSettings(Admin admin, Collection<Node> brokers, String name) {
        List<ConfigResource> resources = new ArrayList<>();
        for (Node broker : brokers) {
            resources.add(new ConfigResource(ConfigResource.Type.BROKER, broker.idString()));
        }
        List<String> values = new ArrayList<>();
        try {
            for (Config brokerConfig : admin.describeConfigs(resources).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values()) {
                ConfigEntry entry = brokerConfig.get(name);
                if (entry != null && entry.value() != null) {
                    values.add(entry.value());
                }
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warn("Cannot describe the configuration of the Kafka brokers ({}): {} is not known",
                    cause.getClass().getSimpleName(), name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while describing the Kafka brokers");
        }
        return values;
    }

    /** The lowest {@code transaction.max.timeout.ms} of the brokers, or empty when it cannot be described. */
    private static Optional<Duration> maxTransactionTimeout(Admin admin, String servers, Collection<Node> brokers) {
        Optional<Duration> lowest = brokerSettings(admin, brokers, MAX_TRANSACTION_TIMEOUT).stream()
                .map(value -> Duration.ofMillis(Long.parseLong(value)))
                .min(Duration::compareTo);
        if (lowest.isEmpty()) {
            LOG.warn("The Kafka brokers at {} do not report {}; checking the transaction timeout against their"
                    + " default of 15min instead", servers, MAX_TRANSACTION_TIMEOUT);
        }
        return lowest;
    }

    /** The future's value, or a ConfigException (with the failure as its cause) naming the servers. */
    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String servers, String action) {
        try {
            return future.get(TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new ConfigException("cannot " + action + " Kafka at " + servers + " (--bootstrap-servers)"
                        + " within " + TIMEOUT_SECONDS + "s: is it running, and are the address and the security"
                        + " settings right?", cause);
            }
            throw new ConfigException("cannot " + action + " Kafka at " + servers + " (--bootstrap-servers): "
                    + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new ConfigException("cannot " + action + " Kafka at " + servers + " (--bootstrap-servers) within "
                    + TIMEOUT_SECONDS + "s: is it running, and are the address and the security settings right?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while trying to " + action + " Kafka at " + servers);
        }
    }

    private static List<Transformation<?>> transformations(StreamExecutionEnvironment env) {
        Set<Transformation<?>> all = new LinkedHashSet<>();
        for (Transformation<?> transformation : env.getTransformations()) {
            all.addAll(transformation.getTransitivePredecessors());
        }
        return List.copyOf(all);
    }

    /**
     * The topics a Kafka source reads or a Kafka sink writes, as its lineage names them (none for a topic pattern or
     * a topic chosen per record).
     */
    private static List<String> topics(LineageVertexProvider connector) {
        List<String> topics = new ArrayList<>();
        for (LineageDataset dataset : connector.getLineageVertex().datasets()) {
            dataset.facets().values().stream()
                    .filter(KafkaDatasetFacet.class::isInstance)
                    .map(facet -> ((KafkaDatasetFacet) facet).getTopicIdentifier().getTopics())
                    .filter(names -> names != null)
                    .forEach(topics::addAll);
        }
        return topics;
    }
}
