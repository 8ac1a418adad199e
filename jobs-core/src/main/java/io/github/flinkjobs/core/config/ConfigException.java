package io.github.flinkjobs.core.config;

/**
 * A configuration problem the user can fix: a missing or invalid option, an output directory that is not empty,
 * a table that does not exist. Its message is one line that names the option and what was expected; jobs refuse to
 * start with it instead of submitting anything ({@link JobMain}).
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    private ConfigException(String message, boolean withStackTrace) {
        super(message, null, false, withStackTrace);
    }

    /** The refusal of a job's configuration as its {@code main} throws it: the message alone, no stack trace. */
    static ConfigException refused(String message) {
        return new ConfigException(message, false);
    }
}
