package io.github.flinkjobs.core.config;

/**
 * A configuration problem the user can fix: a missing or invalid option, an output directory that is not empty,
 * a table that does not exist. Its message is one line that names the option and what was expected; jobs print it
 * and exit with status 2 instead of submitting anything.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
