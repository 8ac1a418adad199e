package io.github.flinkjobs.core.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.deadletter.RecordParser;
import java.time.Instant;
import java.util.List;

/**
 * Parses one JSON object per raw record into {@code T} with the suite's {@link Json} mapper, naming what is wrong
 * with a bad record in the dead-letter reasons every job shares:
 *
 * <ul>
 *   <li>{@code null-value}, {@code invalid-utf8}: the record is not text ({@link RawRecord#text()});
 *   <li>{@value #MALFORMED_JSON}: not a single JSON object;
 *   <li>{@code missing-field:<name>}: a required field is absent or {@code null};
 *   <li>{@code bad-time:<name>}: a time field is not an ISO-8601 time with an offset;
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

    private JsonRecordParser(Class<T> type, List<String> requiredFields) {
        this.type = type;
        this.requiredFields = List.copyOf(requiredFields);
    }

    /** A parser of {@code type} that rejects records lacking any of {@code requiredFields} (JSON names). */
    public static <T> JsonRecordParser<T> of(Class<T> type, List<String> requiredFields) {
        return new JsonRecordParser<>(type, requiredFields);
    }

    @Override
    public T parse(RawRecord record) throws BadRecordException {
        ObjectMapper mapper = Json.mapper();
        JsonNode tree;
        try {
            tree = mapper.readTree(record.text());
        } catch (JacksonException e) {
            throw new BadRecordException(MALFORMED_JSON);
        }
        if (tree == null || !tree.isObject()) {
            throw new BadRecordException(MALFORMED_JSON);
        }
        for (String field : requiredFields) {
            JsonNode value = tree.get(field);
            if (value == null || value.isNull()) {
                throw new BadRecordException("missing-field:" + field);
            }
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (DatabindException e) {
            throw new BadRecordException(reason(e));
        } catch (JacksonException e) {
            throw new BadRecordException(MALFORMED_JSON);
        }
    }

    private static String reason(DatabindException e) {
        List<JsonMappingException.Reference> path = e instanceof JsonMappingException mapping ? mapping.getPath()
                : List.of();
        String field = path.isEmpty() || path.get(0).getFieldName() == null ? "?" : path.get(0).getFieldName();
        boolean time = e instanceof MismatchedInputException mismatch
                && mismatch.getTargetType() == Instant.class;
        return (time ? "bad-time:" : "wrong-type:") + field;
    }
}
