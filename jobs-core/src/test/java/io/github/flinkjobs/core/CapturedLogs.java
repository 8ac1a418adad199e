package io.github.flinkjobs.core;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log line of the test JVM at INFO and above while it is open (Flink, the Kafka clients, the jobs), with the
 * messages and stack traces of their exceptions, whatever the test logging configuration prints; the console keeps
 * printing what it printed before. {@link #close()} restores the configuration.
 */
final class CapturedLogs extends AbstractAppender implements AutoCloseable {

    private static final List<String> QUIET_LOGGERS = List.of("org.apache.kafka", "kafka");

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Level rootLevel;
    private final List<Level> quietLevels;

    CapturedLogs() {
        super("captured-logs", null, null, true, Property.EMPTY_ARRAY);
        start();
        Configuration configuration = context.getConfiguration();
        LoggerConfig root = configuration.getRootLogger();
        rootLevel = root.getLevel();
        quietLevels = QUIET_LOGGERS.stream().map(name -> configuration.getLoggerConfig(name).getLevel()).toList();
        for (Appender console : List.copyOf(root.getAppenders().values())) {
            root.removeAppender(console.getName());
            root.addAppender(console, rootLevel, null);
        }
        root.addAppender(this, Level.INFO, null);
        root.setLevel(Level.INFO);
        QUIET_LOGGERS.forEach(name -> configuration.getLoggerConfig(name).setLevel(Level.INFO));
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(" - ")
                .append(event.getMessage().getFormattedMessage());
        for (Throwable thrown = event.getThrown(); thrown != null; thrown = thrown.getCause()) {
            line.append(" | ").append(thrown);
        }
        lines.add(line.toString());
    }

    /** The captured lines so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        LoggerConfig root = configuration.getRootLogger();
        root.removeAppender(getName());
        root.setLevel(rootLevel);
        for (int i = 0; i < QUIET_LOGGERS.size(); i++) {
            configuration.getLoggerConfig(QUIET_LOGGERS.get(i)).setLevel(quietLevels.get(i));
        }
        context.updateLoggers();
        stop();
    }
}
