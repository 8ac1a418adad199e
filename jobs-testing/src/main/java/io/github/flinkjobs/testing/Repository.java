package io.github.flinkjobs.testing;

import java.nio.file.Path;

/**
 * Files of this repository that tests read: the sample inputs in {@code test-data/} and the PostgreSQL schema
 * {@code sql/schema.sql} that the jobs, the docker stack and the tests share. The build passes the root as system
 * property {@code repository.root}; a test started elsewhere (an IDE running it in its module) uses the parent
 * directory.
 */
public final class Repository {

    private Repository() {
    }

    /** The repository's root directory. */
    public static Path root() {
        return Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    }

    /** A file of the repository, {@code relative} to its root ({@code test-data/words.txt}). */
    public static Path file(String relative) {
        return root().resolve(relative);
    }

    /** The PostgreSQL schema of the jobs' tables. */
    public static Path schema() {
        return file("sql/schema.sql");
    }
}
