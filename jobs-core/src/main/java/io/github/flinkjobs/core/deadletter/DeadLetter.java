package io.github.flinkjobs.core.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * A record that could not be processed, as written to the dead-letter output (Kafka {@code <input-topic>.dlq} or
 * {@code --dlq-output DIR}), in JSON:
 * <pre>{"source":"skyone","raw":"{\"emailAddress\":...","rawLength":334,"reason":"bad-time:flightArrivalTime",
 * "time":"2099-01-01T10:15:00.000Z"}</pre>
 *
 * @param source the Kafka topic or input path the record came from
 * @param raw the record as text; base64 when it is not valid UTF-8; {@code null} when the record had no value; at
 *     most {@value #MAX_RAW_BYTES} bytes of the original
 * @param rawEncoding {@code "base64"} when {@code raw} is base64, otherwise absent
 * @param rawLength the length of the original record in bytes (larger than {@code raw} when it was truncated)
 * @param reason a short, stable reason such as {@code malformed-json} or {@code missing-field:emailAddress}
 * @param time when the record was rejected
 */
public record DeadLetter(
        String source,
        String raw,
        @JsonInclude(JsonInclude.Include.NON_NULL) String rawEncoding,
        int rawLength,
        String reason,
        Instant time) {

    /** The most bytes of a bad record that a dead letter keeps (well below Kafka's default 1 MB request size). */
    public static final int MAX_RAW_BYTES = 16 * 1024;

    /** The {@code rawEncoding} of a record that is not valid UTF-8. */
    public static final String BASE64 = "base64";

    /** The dead letter of {@code record}, rejected for {@code reason} at {@code time}. */
    public static DeadLetter of(RawRecord record, String reason, Instant time) {
        byte[] value = record.value();
        if (value == null) {
            return new DeadLetter(record.source(), null, null, 0, reason, time);
        }
        int kept = Math.min(value.length, MAX_RAW_BYTES);
        int textEnd = kept;
        while (textEnd > 0 && textEnd < value.length && (value[textEnd] & 0xC0) == 0x80) {
            textEnd--; // do not cut a UTF-8 sequence in half
        }
        String text = RawRecord.decodeUtf8(value, textEnd);
        if (text != null) {
            return new DeadLetter(record.source(), text, null, value.length, reason, time);
        }
        byte[] prefix = kept == value.length ? value : Arrays.copyOf(value, kept);
        return new DeadLetter(record.source(), Base64.getEncoder().encodeToString(prefix), BASE64, value.length,
                reason, time);
    }
}
