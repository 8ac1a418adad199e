package io.github.flinkjobs.core.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final Instant TIME = Instant.parse("2099-01-01T10:15:00Z");

    private static RawRecord record(byte[] value) {
        return new RawRecord("skyone", value, 1L);
    }

    @Test
    void textRecordsAreKeptAsText() {
        DeadLetter letter = DeadLetter.of(record("{\"a\": ✈}".getBytes(StandardCharsets.UTF_8)), "malformed-json", TIME);

        assertThat(letter).isEqualTo(new DeadLetter("skyone", "{\"a\": ✈}", null, 10, "malformed-json", TIME));
        assertThat(JsonCodec.of(DeadLetter.class).writeAsString(letter)).isEqualTo("{\"source\":\"skyone\","
                + "\"raw\":\"{\\\"a\\\": ✈}\",\"rawLength\":10,\"reason\":\"malformed-json\","
                + "\"time\":\"2099-01-01T10:15:00.000Z\"}");
    }

    @Test
    void bytesThatAreNotUtf8AreKeptAsBase64() {
        byte[] bytes = {'a', (byte) 0xC3, '(', 'b'};

        DeadLetter letter = DeadLetter.of(record(bytes), RawRecord.INVALID_UTF8, TIME);

        assertThat(letter.rawEncoding()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(letter.raw())).isEqualTo(bytes);
        assertThat(letter.rawLength()).isEqualTo(4);
        assertThat(JsonCodec.of(DeadLetter.class).writeAsString(letter)).contains("\"rawEncoding\":\"base64\"");
    }

    @Test
    void aRecordWithoutValueHasNoRaw() {
        assertThat(DeadLetter.of(record(null), RawRecord.NULL_VALUE, TIME))
                .isEqualTo(new DeadLetter("skyone", null, null, 0, "null-value", TIME));
    }

    @Test
    void longRecordsAreTruncatedWithoutSplittingACharacterAndKeepTheirLength() {
        String text = "a" + "€".repeat(DeadLetter.MAX_RAW_BYTES); // 1 + 3 bytes per euro sign
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        DeadLetter letter = DeadLetter.of(record(bytes), "too-long", TIME);

        assertThat(letter.rawEncoding()).isNull();
        assertThat(letter.rawLength()).isEqualTo(bytes.length);
        assertThat(letter.raw().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(DeadLetter.MAX_RAW_BYTES);
        assertThat(text).startsWith(letter.raw());
        assertThat(letter.raw()).hasSize(1 + (DeadLetter.MAX_RAW_BYTES - 1) / 3);
    }

    @Test
    void longBinaryRecordsAreTruncatedToo() {
        byte[] bytes = new byte[DeadLetter.MAX_RAW_BYTES * 4];
        bytes[0] = (byte) 0xFF;

        DeadLetter letter = DeadLetter.of(record(bytes), "x", TIME);

        assertThat(Base64.getDecoder().decode(letter.raw())).hasSize(DeadLetter.MAX_RAW_BYTES);
        assertThat(letter.rawLength()).isEqualTo(bytes.length);
    }

    @Test
    void textIsDecodedStrictly() throws Exception {
        assertThat(record("héllo".getBytes(StandardCharsets.UTF_8)).text()).isEqualTo("héllo");
        assertThatThrownBy(() -> record(new byte[] {(byte) 0xE2, (byte) 0x82}).text())
                .isInstanceOf(BadRecordException.class)
                .hasMessage("invalid-utf8");
        assertThatThrownBy(() -> record(null).text()).hasMessage("null-value");
    }

    @Test
    void recordsAreSerializedAsPojosWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RawRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeadLetter.class);
    }
}
