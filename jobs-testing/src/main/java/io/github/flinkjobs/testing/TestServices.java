package io.github.flinkjobs.testing;

import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;

/**
 * The one place that chooses how tests get their services. With a Docker engine, Testcontainers; without one, an
 * in-JVM Kafka broker and an embedded PostgreSQL; a server named by an environment variable always wins
 * ({@code TEST_KAFKA_BOOTSTRAP_SERVERS}, {@code TEST_JDBC_URL}). {@code -Dtest.services=embedded} or
 * {@code =docker} (or environment variable {@code TEST_SERVICES}) forces a choice. A test never skips because a
 * service is missing.
 */
public final class TestServices {

    /** How services are provided. */
    public enum Mode {
        DOCKER,
        EMBEDDED
    }

    private static volatile Mode mode;

    private TestServices() {
    }

    /** The chosen mode, decided once per JVM. */
    public static Mode mode() {
        if (mode == null) {
            synchronized (TestServices.class) {
                if (mode == null) {
                    mode = decide();
                }
            }
        }
        return mode;
    }

    /** A name for a test's own topic or table: the prefix plus random letters, valid in Kafka and SQL. */
    public static String randomName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** What to tell a user whose Docker engine cannot run a service container. */
    static IllegalStateException containerFailed(String service, RuntimeException cause) {
        return new IllegalStateException("cannot start the " + service + " container; run the tests with"
                + " -Dtest.services=embedded to use the embedded services instead", cause);
    }

    /** A system property or, failing that, an environment variable; null when neither is set. */
    static String setting(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Mode decide() {
        String forced = setting("test.services", "TEST_SERVICES");
        if (forced != null) {
            try {
                return Mode.valueOf(forced.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("test.services / TEST_SERVICES is '" + forced
                        + "': expected docker or embedded");
            }
        }
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        Mode chosen = docker ? Mode.DOCKER : Mode.EMBEDDED;
        System.out.println("Test services: " + (docker ? "Testcontainers (Docker engine found)"
                : "embedded (no Docker engine): in-JVM Kafka broker, embedded PostgreSQL"));
        return chosen;
    }
}
