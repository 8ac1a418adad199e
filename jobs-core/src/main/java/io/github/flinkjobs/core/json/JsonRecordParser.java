package io.github.flinkjobs.core.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.deadletter.RecordParser;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses one JSON object per raw record into {@code T} with the suite's {@link Json} mapper, naming what is wrong
 * with a bad record in the dead-letter reasons every job shares:
 *
 * <ul>
 *   <li>{@code null-value}, {@code invalid-utf8}: the record is not text ({@link RawRecord#text()});
 *   <li>{@value #MALFORMED_JSON}: not a single JSON object, or one with a field given twice;
 *   <li>{@code missing-field:<name>}: a required field is absent or {@code null};
 *   <li>{@code bad-time:<name>}: a time field is not an ISO-8601 time with an offset in the years 0000 to 9999;
 *   <li>{@code wrong-type:<name>}: any other field holds a value of the wrong type (a number where text is
 *       expected, an object where a number is expected, ...).
 * </ul>
 *
 * @param <T> the record type
 */
public final class JsonRecordParser<T> implements RecordParser<T> {
    private static final long serialVersionUID = 1L;

    /** Reason of a record that is not one JSON object. */
    public static final String MALFORMED_JSON = "malformed-json";

    private final Class<T> type;
    private final List<String> requiredFields;
    private transient ObjectReader reader;
    private transient List<Method> requiredAccessors;

    private JsonRecordParser(Class<T> type, List<String> requiredFields) {
        this.type = type;
        this.requiredFields = List.copyOf(requiredFields);
        accessors(type, this.requiredFields);
    }

    /**
     * A parser of {@code type}, a record, that rejects records lacking any of {@code requiredFields} (JSON names).
     *
     * @throws IllegalArgumentException when {@code type} is not a record or has no such field
     */
    public static <T> JsonRecordParser<T> of(Class<T> type, List<String> requiredFields) {
        return new JsonRecordParser<>(type, requiredFields);
    }

    /**
     * Reads the record in one pass: Jackson binds the text straight to {@code T} (no intermediate JSON tree), then
     * the required fields are checked for {@code null} (absent and {@code null} bind alike). A record with several
     * problems is rejected for the first one found.
     */
    @Override
    public T parse(RawRecord record) throws BadRecordException {
        T value;
        try {
            value = reader().readValue(record.text());
        } catch (DatabindException e) {
            throw new BadRecordException(reason(e));
        } catch (JacksonException e) {
            throw new BadRecordException(MALFORMED_JSON);
        }
        if (value == null) {
            throw new BadRecordException(MALFORMED_JSON);
        }
        List<Method> accessors = requiredAccessors();
        for (int i = 0; i < accessors.size(); i++) {
            if (get(accessors.get(i), value) == null) {
                throw new BadRecordException("missing-field:" + requiredFields.get(i));
            }
        }
        return value;
    }

    private ObjectReader reader() {
        if (reader == null) {
            reader = Json.mapper().readerFor(type);
        }
        return reader;
    }

    private List<Method> requiredAccessors() {
        if (requiredAccessors == null) {
            requiredAccessors = accessors(type, requiredFields);
        }
        return requiredAccessors;
    }

    /** The accessors of the record components named {@code jsonNames} in JSON ({@code @JsonProperty} or own name). */
    private static List<Method> accessors(Class<?> type, List<String> jsonNames) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        List<Method> accessors = new ArrayList<>();
        for (String name : jsonNames) {
            Method accessor = Arrays.stream(components)
                    .filter(component -> jsonName(component).equals(name))
                    .findFirst()
                    .map(RecordComponent::getAccessor)
                    .orElseThrow(() -> new IllegalArgumentException(type.getName() + " has no JSON field " + name));
            accessor.setAccessible(true);
            accessors.add(accessor);
        }
        return List.copyOf(accessors);
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty property = component.getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    private static Object get(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + accessor, e);
        }
    }

    /**
     * The reason of a binding error: {@code bad-time:} or {@code wrong-type:} and the field, or
     * {@value #MALFORMED_JSON} when the JSON is not an object (no field to name) or cannot be read.
     */
    private static String reason(DatabindException e) {
        List<JsonMappingException.Reference> path = e instanceof JsonMappingException mapping ? mapping.getPath()
                : List.of();
        if (path.isEmpty() || causedByUnreadableJson(e)) {
            return MALFORMED_JSON;
        }
        String field = path.get(0).getFieldName() == null ? "?" : path.get(0).getFieldName();
        boolean time = e instanceof MismatchedInputException mismatch
                && mismatch.getTargetType() == Instant.class;
        return (time ? "bad-time:" : "wrong-type:") + field;
    }

    /** Whether a binding error wraps an error reading the JSON itself (such as text cut off inside a field). */
    private static boolean causedByUnreadableJson(DatabindException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException && !(cause instanceof DatabindException)) {
                return true;
            }
        }
        return false;
    }
}
