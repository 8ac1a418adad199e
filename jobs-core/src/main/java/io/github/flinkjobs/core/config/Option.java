package io.github.flinkjobs.core.config;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.apache.flink.util.TimeUtils;

/**
 * One command-line option of a job: its name (written {@code --name value}), the environment variables consulted
 * when it is absent, its default, the form its value must have, and a description for {@code --help}.
 *
 * <p>Options are immutable; {@code withDefault}, {@code withEnv} and friends return a modified copy, so a job can
 * adapt a shared option from {@link CommonOptions} (for example a different default output directory).
 *
 * @param <T> the parsed type of the value
 */
public final class Option<T> {

    /** Turns the text of a value into a typed value; throws {@link IllegalArgumentException} when it cannot. */
    @FunctionalInterface
    public interface ValueParser<T> {
        T parse(String text);
    }

    private final String name;
    private final String description;
    private final String expectedForm;
    private final ValueParser<T> parser;
    private final List<String> envVars;
    private final String defaultValue;
    private final String defaultDescription;
    private final boolean flag;
    private final boolean secret;

    private Option(
            String name,
            String description,
            String expectedForm,
            ValueParser<T> parser,
            List<String> envVars,
            String defaultValue,
            String defaultDescription,
            boolean flag,
            boolean secret) {
        this.name = Objects.requireNonNull(name);
        this.description = Objects.requireNonNull(description);
        this.expectedForm = expectedForm;
        this.parser = Objects.requireNonNull(parser);
        this.envVars = List.copyOf(envVars);
        this.defaultValue = defaultValue;
        this.defaultDescription = defaultDescription;
        this.flag = flag;
        this.secret = secret;
    }

    private static <T> Option<T> of(String name, String description, String expectedForm, ValueParser<T> parser) {
        return new Option<>(name, description, expectedForm, parser, List.of(), null, null, false, false);
    }

    /** A free-form, non-empty text value. */
    public static Option<String> text(String name, String description) {
        return of(name, description, "a non-empty text", text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("empty");
            }
            return text;
        });
    }

    /** A duration written with a unit: {@code 500ms}, {@code 5s}, {@code 1min}, {@code 2h}. */
    public static Option<Duration> duration(String name, String description) {
        return of(name, description, "a duration with a unit such as 500ms, 5s, 1min", text -> {
            String trimmed = text.trim();
            if (trimmed.isEmpty() || Character.isDigit(trimmed.charAt(trimmed.length() - 1))) {
                throw new IllegalArgumentException("no unit");
            }
            Duration duration = TimeUtils.parseDuration(trimmed);
            if (duration.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return duration;
        });
    }

    /** A duration of more than zero, written with a unit: {@code 500ms}, {@code 5s}, {@code 1min}, {@code 2h}. */
    public static Option<Duration> positiveDuration(String name, String description) {
        return duration(name, description).checked("a positive duration with a unit such as 500ms, 5s, 1min",
                duration -> {
                    if (duration.isZero()) {
                        throw new IllegalArgumentException("zero");
                    }
                    return duration;
                });
    }

    /**
     * A positive duration, or {@code off} for none, which reads as {@link Duration#ZERO}: {@code 500ms}, {@code 5s},
     * {@code off}.
     */
    public static Option<Duration> positiveDurationOrOff(String name, String description) {
        Option<Duration> positive = positiveDuration(name, description);
        return of(name, description, positive.expectedForm() + ", or off",
                text -> text.trim().equalsIgnoreCase("off") ? Duration.ZERO : positive.parse(text));
    }

    /** A point in time, written in ISO-8601 with {@code Z} or an offset: {@code 2099-01-01T10:15:00+02:00}. */
    public static Option<Instant> instant(String name, String description) {
        return of(name, description, "an ISO-8601 time with an offset such as 2099-01-01T00:00:00Z",
                text -> OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    }

    /** A whole number, negative or not ({@code -42}). */
    public static Option<Long> wholeNumber(String name, String description) {
        return of(name, description, "a whole number", text -> Long.parseLong(text.trim()));
    }

    /** A whole number of at least 1. */
    public static Option<Integer> positiveInt(String name, String description) {
        return of(name, description, "a whole number of at least 1", text -> {
            int value = Integer.parseInt(text.trim());
            if (value < 1) {
                throw new IllegalArgumentException("below 1");
            }
            return value;
        });
    }

    /**
     * A file system path or URI. A plain relative path resolves against the caller's working directory; a URI with a
     * scheme ({@code s3://bucket/dir}, {@code file:///tmp/x}) is kept as it is.
     */
    public static Option<URI> path(String name, String description) {
        return of(name, description, "a path or a URI such as s3://bucket/dir", Option::toUri);
    }

    /** One of the constants of an enum, written in lower case with dashes ({@code at-least-once}). */
    public static <E extends Enum<E>> Option<E> choice(String name, String description, Class<E> type) {
        E[] constants = type.getEnumConstants();
        String form = "one of " + String.join(", ", Arrays.stream(constants).map(Option::choiceName).toList());
        return of(name, description, form, text -> Arrays.stream(constants)
                .filter(c -> choiceName(c).equals(text.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown choice")));
    }

    /** An option without a value, such as {@code --overwrite}; {@code --overwrite false} also works. */
    public static Option<Boolean> flag(String name, String description) {
        ValueParser<Boolean> parser = text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
        return new Option<>(name, description, "true or false", parser, List.of(), "false", null, true, false);
    }

    /** The option's name as written in an enum choice. */
    public static String choiceName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The same option with a default value, written as on the command line. */
    public Option<T> withDefault(String value) {
        parser.parse(value); // a default that does not parse is a programming error
        return new Option<>(name, description, expectedForm, parser, envVars, value, null, flag, secret);
    }

    /** The same option with a default computed by the job, described in {@code --help} by the given words. */
    public Option<T> withDefaultDescribedAs(String words) {
        return new Option<>(name, description, expectedForm, parser, envVars, null, words, flag, secret);
    }

    /** The same option, read from the first of these environment variables that is set when it is not given. */
    public Option<T> withEnv(String... variables) {
        return new Option<>(name, description, expectedForm, parser, List.of(variables), defaultValue,
                defaultDescription, flag, secret);
    }

    /** The same option with another description. */
    public Option<T> describedAs(String newDescription) {
        return new Option<>(name, newDescription, expectedForm, parser, envVars, defaultValue, defaultDescription,
                flag, secret);
    }

    /** The same option, additionally checked by {@code check} (which throws {@link IllegalArgumentException}). */
    public Option<T> checked(String form, Function<T, T> check) {
        ValueParser<T> checkedParser = text -> check.apply(parser.parse(text));
        return new Option<>(name, description, form, checkedParser, envVars, defaultValue, defaultDescription, flag,
                secret);
    }

    /** The same option, its value masked wherever the configuration is shown. */
    public Option<T> secret() {
        return new Option<>(name, description, expectedForm, parser, envVars, defaultValue, defaultDescription, flag,
                true);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String expectedForm() {
        return expectedForm;
    }

    public List<String> envVars() {
        return envVars;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String defaultDescription() {
        return defaultDescription;
    }

    public boolean isFlag() {
        return flag;
    }

    public boolean isSecret() {
        return secret;
    }

    T parse(String text) {
        return parser.parse(text);
    }

    @Override
    public String toString() {
        return "--" + name;
    }

    private static URI toUri(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        if (trimmed.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
            return URI.create(trimmed);
        }
        return java.nio.file.Path.of(trimmed).toAbsolutePath().normalize().toUri();
    }
}
