package io.github.flinkjobs.core.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.ParameterTool;

/**
 * A job's effective configuration: {@code --key value} command-line arguments (read with Flink's
 * {@link ParameterTool}), falling back to environment variables and then to documented defaults.
 *
 * <p>Every declared option is parsed when the configuration is built, so a bad value fails before anything is
 * submitted, with a {@link ConfigException} whose one-line message names the option and the expected form. Unknown
 * options are refused (a typo never silently falls back to a default). {@code --kafka.<property> value} passes any
 * Kafka client property through. Secrets are masked in {@link #effectiveParameters()}, which is what the Flink web
 * UI shows as the job's parameters. Options are identified by name, so a job may declare an adapted copy of a shared
 * option (another default) and code reading the shared one gets the job's value.
 */
public final class JobConfig {

    /** Prefix of Kafka client properties passed through unchanged. */
    public static final String KAFKA_PREFIX = "kafka.";

    static final String MASK = "******";

    /** What {@link ParameterTool} holds for an option given without a value. */
    private static final String NO_VALUE = "__NO_VALUE_KEY";

    private static final Pattern SENSITIVE_KEY =
            Pattern.compile("(?i).*(password|secret|jaas|credential|token|user\\.info|\\.key$|private).*");

    /** The value of a {@code password=} (or {@code secret=}...) parameter, as in a JDBC URL's query. */
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)((?:password|secret|token)[a-z]*=)[^&;\\s]*");

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private final JobSpec spec;
    private final boolean helpRequested;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final Map<String, String> kafkaProperties = new TreeMap<>();
    private final Map<String, String> environment;

    private JobConfig(JobSpec spec, boolean helpRequested, Map<String, String> environment) {
        this.spec = spec;
        this.helpRequested = helpRequested;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Reads and checks the configuration.
     *
     * @param spec the job's options
     * @param args command-line arguments
     * @param environment environment variables (normally {@link System#getenv()})
     * @throws ConfigException naming the first option that is unknown, missing a value or invalid
     */
    public static JobConfig parse(JobSpec spec, String[] args, Map<String, String> environment) {
        ParameterTool params;
        try {
            params = ParameterTool.fromArgs(args);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("cannot read the arguments: " + e.getMessage()
                    + " (options are written --name value)");
        }
        boolean help = params.has("help") || params.has("h");
        JobConfig config = new JobConfig(spec, help, environment);
        if (help) {
            return config;
        }
        Set<String> declared = new HashSet<>();
        for (Option<?> option : spec.options()) {
            declared.add(option.name());
        }
        for (String key : params.toMap().keySet()) {
            if (key.equals("jdbc-password")) {
                throw new ConfigException("--jdbc-password is not accepted on the command line, where it would show in"
                        + " process lists: set JDBC_PASSWORD or use --jdbc-password-file");
            }
            if (key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length()) {
                String value = params.get(key);
                if (NO_VALUE.equals(value)) {
                    throw new ConfigException("option --" + key + " needs a value");
                }
                config.kafkaProperties.put(key.substring(KAFKA_PREFIX.length()), value);
            } else if (!declared.contains(key)) {
                throw new ConfigException("unknown option --" + key + " (--help lists the options of "
                        + spec.name() + ")");
            }
        }
        for (Option<?> option : spec.options()) {
            config.read(option, params, environment);
        }
        return config;
    }

    private void read(Option<?> option, ParameterTool params, Map<String, String> environment) {
        String text = null;
        String origin = null;
        if (params.has(option.name())) {
            text = params.get(option.name());
            origin = "--" + option.name();
            if (NO_VALUE.equals(text)) {
                if (!option.isFlag()) {
                    throw new ConfigException("option --" + option.name() + " needs a value: "
                            + option.expectedForm());
                }
                text = "true";
            }
        } else {
            for (String variable : option.envVars()) {
                String value = environment.get(variable);
                if (value != null && !value.isEmpty()) {
                    text = value;
                    origin = "environment variable " + variable + " (for --" + option.name() + ")";
                    break;
                }
            }
            if (text == null && option.defaultValue() != null) {
                text = option.defaultValue();
                origin = "--" + option.name();
            }
        }
        if (text == null) {
            return;
        }
        try {
            values.put(option.name(), option.parse(text));
        } catch (RuntimeException e) {
            String shown = option.isSecret() ? MASK : "'" + text + "'";
            throw new ConfigException("invalid value " + shown + " for " + origin + ": expected "
                    + option.expectedForm());
        }
        texts.put(option.name(), option.isSecret() ? MASK : mask(text, List.of()));
    }

    /** The job's specification. */
    public JobSpec spec() {
        return spec;
    }

    /** The job's name. */
    public String jobName() {
        return spec.name();
    }

    /** Whether {@code --help} (or {@code -h}) was given; nothing else was parsed then. */
    public boolean helpRequested() {
        return helpRequested;
    }

    /** Whether the job declares the option (by name). */
    public boolean declares(Option<?> option) {
        return spec.options().stream().anyMatch(declared -> declared.name().equals(option.name()));
    }

    /** Whether the option has a value, given, from the environment, or by default. */
    public boolean has(Option<?> option) {
        return values.containsKey(requireDeclared(option).name());
    }

    /** The option's value, if it has one. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getOptional(Option<T> option) {
        return Optional.ofNullable((T) values.get(requireDeclared(option).name()));
    }

    /**
     * The option's value.
     *
     * @throws ConfigException when the option has no value and no default
     */
    public <T> T get(Option<T> option) {
        return getOptional(option).orElseThrow(() -> new ConfigException("missing option --" + option.name()
                + ": expected " + option.expectedForm()
                + (option.envVars().isEmpty() ? "" : " (or environment variable " + option.envVars().get(0) + ")")));
    }

    /**
     * A secret such as a password: the contents of the file named by {@code fileOption} (without its trailing line
     * break) when that option is given, otherwise environment variable {@code variable}. Secrets are never taken
     * from the command line, where process lists and logs would show them.
     *
     * @throws ConfigException when the file cannot be read
     */
    public Optional<String> secret(String variable, Option<URI> fileOption) {
        Optional<URI> file = getOptional(fileOption);
        if (file.isPresent()) {
            try {
                return Optional.of(Files.readString(Path.of(file.get())).stripTrailing());
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("cannot read the secret file of --" + fileOption.name() + ": "
                        + file.get().getPath());
            }
        }
        return Optional.ofNullable(environment.get(variable)).filter(value -> !value.isEmpty());
    }

    /** Kafka client properties given as {@code --kafka.<property> value}, without the prefix. */
    public Properties kafkaProperties() {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        return properties;
    }

    /**
     * The effective configuration as text, for the job's global parameters (shown in the Flink web UI): every option
     * that has a value, and every Kafka property, with secrets and credentials masked.
     */
    public Map<String, String> effectiveParameters() {
        Map<String, String> shown = new LinkedHashMap<>(texts);
        kafkaProperties.forEach((key, value) ->
                shown.put(KAFKA_PREFIX + key, isSensitive(key) ? MASK : value));
        return Collections.unmodifiableMap(shown);
    }

    /**
     * {@code text} with every secret of {@code secrets}, and every quoted part of one (such as the password of a JAAS
     * configuration), replaced by {@value #MASK}, and with the value of a {@code password=} parameter (of a JDBC URL)
     * masked, for messages that quote a client library's error or a URL.
     */
    public static String mask(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            if (secret == null || secret.isBlank()) {
                continue;
            }
            masked = masked.replace(secret, MASK);
            Matcher quoted = QUOTED.matcher(secret);
            while (quoted.find()) {
                if (quoted.group(1).length() >= 3) {
                    masked = masked.replace(quoted.group(1), MASK);
                }
            }
        }
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
    }

    /** Whether a property name denotes a credential (passwords, JAAS configurations, keys, tokens). */
    public static boolean isSensitive(String key) {
        return SENSITIVE_KEY.matcher(key).matches();
    }

    /** The {@code --help} text: usage, summary, and every option with its form, default and environment variable. */
    public String helpText() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: ").append(spec.name()).append(" [options]\n\n").append(spec.summary()).append("\n\nOptions:\n");
        for (Option<?> option : spec.options()) {
            text.append("  --").append(option.name());
            if (!option.isFlag()) {
                text.append(" <").append(option.expectedForm()).append('>');
            }
            text.append("\n      ").append(option.description());
            if (option.defaultValue() != null && !option.isFlag()) {
                text.append("\n      default: ").append(option.defaultValue());
            } else if (option.defaultDescription() != null) {
                text.append("\n      default: ").append(option.defaultDescription());
            }
            if (!option.envVars().isEmpty()) {
                text.append("\n      environment: ").append(String.join(", ", option.envVars()));
            }
            text.append('\n');
        }
        text.append("  --kafka.<property> <value>\n      any Kafka client property, passed through"
                + " (e.g. --kafka.security.protocol SASL_SSL)\n");
        text.append("  --help\n      print this text and exit\n");
        return text.toString();
    }

    private Option<?> requireDeclared(Option<?> option) {
        if (!helpRequested && !declares(option)) {
            throw new IllegalArgumentException("option " + option + " is not declared by job " + spec.name());
        }
        return option;
    }
}
