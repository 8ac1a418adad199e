package io.github.flinkjobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Input records an attacker, or a broken producer, sends to a job, shared by every job's hostile-input test, and the
 * reader of the dead letters they must become. The records are bytes, as Kafka carries them; which reason each must
 * get depends on the job, so the test names it.
 */
public final class HostileRecords {

    /** Larger than a Kafka producer's default {@code max.request.size} (1 MiB). */
    public static final int OVERSIZED_BYTES = 1024 * 1024 + 17;

    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileRecords() {
    }

    /** Bytes that are not UTF-8, each a way a producer gets text wrong; a strict decoder refuses every one. */
    public static List<byte[]> invalidUtf8() {
        return List.of(
                bytes(0x63, 0x61, 0x66, 0xE9), // "café" in Latin-1
                bytes(0xC0, 0xAF), // overlong "/"
                bytes(0x61, 0x80, 0x62), // a lone continuation byte
                bytes(0x61, 0xE2, 0x82), // a sequence cut short at the end
                bytes(0xED, 0xA0, 0x80), // a surrogate encoded as UTF-8 (CESU-8)
                bytes(0xF4, 0x90, 0x80, 0x80), // above U+10FFFF
                bytes(0xFE, 0xFF, 0x00, 0x7B, 0x00, 0x7D), // "{}" in UTF-16 with its byte order mark
                bytes(0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00), // "{}" in UTF-16LE with its byte order mark
                bytes(0xFF)); // never valid in UTF-8
    }

    /**
     * UTF-8 texts that are not one JSON object: empty, blank, other JSON values, objects with trailing data, JSON
     * extensions a strict parser refuses (NaN, comments, single quotes), a byte order mark, a raw NUL, nesting far
     * deeper than any record has, and an unbalanced one.
     */
    public static List<byte[]> notOneJsonObject() {
        return List.of(
                utf8(""), utf8("   "), utf8("null"), utf8("true"), utf8("42"), utf8("\"{}\""), utf8("[]"),
                utf8("[{}]"), utf8("{}{}"), utf8("{} trailing"), utf8("{\"a\":1}}"), utf8("{\"a\":NaN}"),
                utf8("{\"a\":" + "9".repeat(2000) + "}"),
                utf8("/* comment */ {}"), utf8("{'a':'b'}"), utf8("{a:1}"), utf8("\uFEFF{}"), utf8("{\"a\":\"\u0000\"}"),
                utf8("{\"a\":" + "[".repeat(100_000)), utf8("{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"),
                utf8("{\"a\":\"unterminated}"), utf8("{\"a\":\"\\x41\"}"));
    }

    /** A record of {@value #OVERSIZED_BYTES} bytes: ASCII {@code fill} characters followed by {@code tail}. */
    public static byte[] oversized(char fill, byte[] tail) {
        byte[] record = new byte[OVERSIZED_BYTES];
        Arrays.fill(record, 0, record.length - tail.length, (byte) fill);
        System.arraycopy(tail, 0, record, record.length - tail.length, tail.length);
        return record;
    }

    /** UTF-8 bytes of {@code text}. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /**
     * The dead letter {@code record} must become, as {@link #rejected(String)} reads one: its reason, its full
     * length and the first {@code maxRawBytes} bytes it keeps, or {@code <no value>} for a record without a value.
     */
    public static String rejected(String reason, byte[] record, int maxRawBytes) {
        if (record == null) {
            return reason + " <no value>";
        }
        byte[] kept = Arrays.copyOf(record, Math.min(record.length, maxRawBytes));
        return reason + " " + record.length + " " + Base64.getEncoder().encodeToString(kept);
    }

    /** A dead letter's JSON as {@link #rejected(String, byte[], int)} describes the record it must hold. */
    public static String rejected(String deadLetterJson) {
        try {
            JsonNode letter = JSON.readTree(deadLetterJson);
            String reason = letter.path("reason").asText();
            JsonNode raw = letter.path("raw");
            if (raw.isNull()) {
                return reason + " <no value>";
            }
            byte[] bytes = "base64".equals(letter.path("rawEncoding").asText(null))
                    ? Base64.getDecoder().decode(raw.asText())
                    : utf8(raw.asText());
            return reason + " " + letter.path("rawLength").asInt() + " " + Base64.getEncoder().encodeToString(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("not a dead letter: " + deadLetterJson, e);
        }
    }
}
