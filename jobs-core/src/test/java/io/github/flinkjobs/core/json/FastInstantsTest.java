package io.github.flinkjobs.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast paths of instant and duration handling give exactly what the java.time parsers and formatter give. */
class FastInstantsTest {

    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"2099-01-01T10:15:00.000Z", "2099-01-01T10:15:00Z", "2099-06-24T03:04:00+02:00",
            "2099-06-24T05:49:00-05:00", "2024-02-29T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.9+17:59", "1970-01-01T00:00:00.1-00:00", "2099-01-01T10:15:00.12345Z"})
    void readsTheCommonShapesAsTheIsoParserDoes(String text) {
        assertThat(FastInstants.parse(text)).isNotNull().isEqualTo(isoParse(text));
        assertThat(Json.parseInstant(text)).isEqualTo(isoParse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2099-01-01T10:15Z", "2099-01-01t10:15:00z", "2099-01-01T10:15:00.Z", "+12099-01-01T10:15:00Z",
            "2099-01-01T10:15:00+18:00", "2099-01-01T10:15:00+02:00:30", "2099-01-01T10:15:00.1234567891Z",
            "2099-02-29T10:15:00Z", "2099-13-01T10:15:00Z", "2099-01-01T24:00:00Z", "2099-01-01T10:60:00Z",
            "2099-01-01T10:15:60Z", "2099-01-01 10:15:00Z", "2099-01-01T10:15:00", "2099-01-01T10:15:00+0200",
            "2099-01-01T10:15:00+02:60", "२०९९-01-01T10:15:00Z", "2099-01-01T10:15:00ZZ",
            "9999-12-31T23:59:59-01:00", "0000-01-01T00:30:00+01:00"})
    void leavesEveryOtherTextToTheIsoParser(String text) {
        assertThat(FastInstants.parse(text)).isNull();
        Instant expected;
        try {
            expected = isoParse(text);
        } catch (DateTimeParseException e) {
            expected = null;
        }
        if (expected == null || !FastInstants.isWithinFourDigitYears(expected)) {
            assertThatThrownBy(() -> Json.parseInstant(text)).isInstanceOf(DateTimeParseException.class);
        } else {
            assertThat(Json.parseInstant(text)).isEqualTo(expected);
        }
    }

    @Test
    void agreesWithTheIsoParserOnRandomTexts() {
        SplittableRandom random = new SplittableRandom(42);
        String alphabet = "0123456789-:T.Z+";
        String valid = "2099-06-24T03:04:05.678+02:00";
        for (int i = 0; i < 200_000; i++) {
            char[] text = valid.toCharArray();
            for (int changes = random.nextInt(3); changes > 0; changes--) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String candidate = new String(text, 0, random.nextInt(19, text.length + 1));
            Instant fast = FastInstants.parse(candidate);
            if (fast != null) {
                assertThat(fast).as(candidate).isEqualTo(isoParse(candidate));
            }
        }
    }

    @Test
    void writesInstantsAsTheFormatterDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    random.nextInt(1_000_000_000));
            assertThat(FastInstants.format(instant)).isEqualTo(UTC_MILLIS.format(instant));
        }
        assertThat(FastInstants.format(Instant.parse("+10000-01-01T00:00:00Z"))).isNull();
        assertThat(FastInstants.format(Instant.parse("-0001-12-31T23:59:59Z"))).isNull();
        assertThat(FastInstants.isWithinFourDigitYears(Instant.parse("9999-12-31T23:59:59.999Z"))).isTrue();
        assertThat(FastInstants.isWithinFourDigitYears(Instant.parse("0000-01-01T00:00:00Z"))).isTrue();
        assertThat(Json.formatInstant(Instant.parse("+10000-01-01T00:00:00Z")))
                .isEqualTo(UTC_MILLIS.format(Instant.parse("+10000-01-01T00:00:00Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT8H25M", "PT1H", "PT35M", "PT59S", "PT0S", "PT1H2M3S", "PT999999999H", "PT007M"})
    void readsSimpleDurationsAsDurationParseDoes(String text) {
        assertThat(IsoDurationMillis.simpleMillis(text)).isEqualTo(Duration.parse(text).toMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT", "PT1", "PT1.5S", "P1DT2H", "-PT5M", "PT-5M", "pt5m", "PT5M1H", "PT1H1H",
            "PT1234567890H", "PT5MX", "PTH", "PT+5M"})
    void leavesOtherDurationsToDurationParse(String text) {
        assertThat(IsoDurationMillis.simpleMillis(text)).isEqualTo(-1);
    }

    private static Instant isoParse(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }
}
