package io.github.flinkjobs.core.deadletter;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One input record as it arrived, before parsing: where it came from (a Kafka topic or an input path), its bytes
 * exactly as read ({@code null} for a Kafka record without a value), and its timestamp (the Kafka record timestamp,
 * or the time a file line was read). Every source of the suite produces these, so that a record that cannot be
 * parsed reaches the dead-letter output unchanged.
 *
 * @param source the topic or file path
 * @param value the bytes, or {@code null}
 * @param timestamp epoch milliseconds
 */
public record RawRecord(String source, byte[] value, long timestamp) {

    /** Reason for a Kafka record without a value. */
    public static final String NULL_VALUE = "null-value";

    /** Reason for bytes that are not valid UTF-8. */
    public static final String INVALID_UTF8 = "invalid-utf8";

    private static final char REPLACEMENT_CHARACTER = '\uFFFD';

    private static final ThreadLocal<CharsetDecoder> STRICT_UTF8 = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    /**
     * The value as text, decoded strictly as UTF-8: malformed bytes are an error, never replaced.
     *
     * @throws BadRecordException {@value #NULL_VALUE} or {@value #INVALID_UTF8}
     */
    public String text() throws BadRecordException {
        if (value == null) {
            throw new BadRecordException(NULL_VALUE);
        }
        String text = decodeUtf8(value, value.length);
        if (text == null) {
            throw new BadRecordException(INVALID_UTF8);
        }
        return text;
    }

    /**
     * The first {@code length} bytes decoded strictly as UTF-8, or {@code null} when they are not valid UTF-8. The
     * JDK's own decoding (fast, but replacing malformed bytes with U+FFFD) is used first; only a text that then holds
     * a U+FFFD is decoded again strictly to tell a replaced byte from a real U+FFFD.
     */
    static String decodeUtf8(byte[] bytes, int length) {
        String lenient = new String(bytes, 0, length, StandardCharsets.UTF_8);
        if (lenient.indexOf(REPLACEMENT_CHARACTER) < 0) {
            return lenient;
        }
        try {
            CharBuffer chars = STRICT_UTF8.get().reset().decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
