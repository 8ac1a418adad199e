package io.github.flinkjobs.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One PostgreSQL server per test JVM, shared by all test classes; each test gets a fresh database of its own
 * ({@link #createDatabase()}). A Testcontainers {@code postgres} container with Docker, otherwise an embedded
 * PostgreSQL (binaries from Maven Central), or the server named by {@code TEST_JDBC_URL} (with
 * {@code TEST_JDBC_USER} and {@code TEST_JDBC_PASSWORD}; its user must be allowed to create databases).
 * {@link #startEmbedded()} starts an embedded server of its own instead, for a program that runs the jobs on embedded
 * services.
 */
public final class TestPostgres implements AutoCloseable {

    private static TestPostgres instance;

    private final String serverUrl;
    private final String user;
    private final String password;
    private final EmbeddedPostgres ownServer;

    private TestPostgres(String serverUrl, String user, String password, EmbeddedPostgres ownServer) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.ownServer = ownServer;
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    /**
     * An embedded PostgreSQL server of its own, whatever server the tests would choose; {@link #close()} stops it and
     * deletes its data.
     */
    public static TestPostgres startEmbedded() {
        EmbeddedPostgres server = startEmbeddedServer();
        return embedded(server, server);
    }

    /** Stops a server started by {@link #startEmbedded()}; the shared server stops only when the JVM exits. */
    @Override
    public void close() {
        if (ownServer != null) {
            closeQuietly(ownServer);
        }
    }

    /** Creates an empty database with a random name, owned by the test user. */
    public TestDatabase createDatabase() {
        return createDatabase(TestServices.randomName("test").toLowerCase(Locale.ROOT));
    }

    /** Creates an empty database named {@code name} (a plain lower-case SQL name), owned by the test user. */
    public TestDatabase createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new TestDatabase(withDatabase(serverUrl, name), user, password);
    }

    /** {@code url} pointing at database {@code name} instead of its own. */
    static String withDatabase(String url, String name) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String parameters = query < 0 ? "" : url.substring(query);
        int slash = base.lastIndexOf('/');
        return base.substring(0, slash + 1) + name + parameters;
    }

    private static TestPostgres start() {
        String external = TestServices.setting("test.jdbc.url", "TEST_JDBC_URL");
        if (external != null) {
            System.out.println("Test PostgreSQL: external server " + withDatabase(external, "<db>"));
            return new TestPostgres(external, TestServices.setting("test.jdbc.user", "TEST_JDBC_USER"),
                    TestServices.setting("test.jdbc.password", "TEST_JDBC_PASSWORD"), null);
        }
        return TestServices.mode() == TestServices.Mode.DOCKER ? startContainer() : startSharedEmbedded();
    }

    private static TestPostgres startContainer() {
        String image = System.getProperty("postgres.image", "postgres:17");
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(image));
        try {
            container.start();
        } catch (RuntimeException e) {
            throw TestServices.containerFailed("PostgreSQL", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-postgres"));
        System.out.println("Test PostgreSQL: container " + image);
        return new TestPostgres(container.getJdbcUrl(), container.getUsername(), container.getPassword(), null);
    }

    private static TestPostgres startSharedEmbedded() {
        EmbeddedPostgres postgres = startEmbeddedServer();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres), "stop-test-postgres"));
        System.out.println("Test PostgreSQL: embedded server on port " + postgres.getPort());
        return embedded(postgres, null);
    }

    private static TestPostgres embedded(EmbeddedPostgres server, EmbeddedPostgres owned) {
        return new TestPostgres("jdbc:postgresql://localhost:" + server.getPort() + "/postgres", "postgres",
                "postgres", owned);
    }

    private static EmbeddedPostgres startEmbeddedServer() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL (it needs unprivileged user"
                    + " namespaces when run as root); name a server with TEST_JDBC_URL instead", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            // the JVM is exiting; nothing useful to do
        }
    }
}
