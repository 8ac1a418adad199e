package io.github.flinkjobs.core.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The hot paths of {@link Json}'s instant handling, without {@code java.time} formatters (which cost several
 * microseconds a record, most of a flight's parsing time):
 *
 * <ul>
 *   <li>{@link #parse} reads the shape nearly every record has, {@code 2099-01-01T10:15:00[.fff]Z} or with an offset
 *       {@code +02:00}, and returns {@code null} for anything else, which {@link Json#parseInstant} then hands to
 *       the full ISO-8601 parser. It accepts only texts that parser accepts, with the same result.
 *   <li>{@link #format} writes an instant of the years 0000 to 9999 in UTC with milliseconds, exactly as the
 *       formatter {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} does, and returns {@code null} for other years.
 * </ul>
 */
final class FastInstants {

    private static final int SECONDS_PER_DAY = 86_400;

    /** The first and last second written by {@link #format}: 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
    private static final long MIN_FORMATTED_SECOND = -62_167_219_200L;
    private static final long MAX_FORMATTED_SECOND = 253_402_300_799L;

    private FastInstants() {
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1 to 9 digits, then {@code Z} or
     * {@code ±HH:MM}; {@code null} when the text has another shape, is not a valid time, or is outside the years 0000
     * to 9999 in UTC (such as {@code 9999-12-31T23:59:59-01:00}).
     */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (text.charAt(position) == '.') {
            int start = ++position;
            while (position < length && position - start < 9 && isDigit(text.charAt(position))) {
                nanos = nanos * 10 + (text.charAt(position) - '0');
                position++;
            }
            int fractionDigits = position - start;
            if (fractionDigits == 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = offsetSeconds(text, position);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long epochSecond = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);
        return isWithinFourDigitYears(instant) ? instant : null;
    }

    /** The offset {@code Z} or {@code ±HH:MM} ending the text at {@code position}, or {@link Integer#MIN_VALUE}. */
    private static int offsetSeconds(String text, int position) {
        int remaining = text.length() - position;
        if (remaining <= 0) {
            return Integer.MIN_VALUE;
        }
        char sign = text.charAt(position);
        if (remaining == 1 && sign == 'Z') {
            return 0;
        }
        if (remaining != 6 || (sign != '+' && sign != '-') || text.charAt(position + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        int hours = digits(text, position + 1, 2);
        int minutes = digits(text, position + 4, 2);
        if (hours < 0 || hours > 17 || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3600 + minutes * 60;
        return sign == '-' ? -seconds : seconds;
    }

    /** The number written by {@code count} digits at {@code start}, or -1 when one of them is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code instant} is in the years 0000 to 9999 (UTC). */
    static boolean isWithinFourDigitYears(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        return epochSecond >= MIN_FORMATTED_SECOND && epochSecond <= MAX_FORMATTED_SECOND;
    }

    /** {@code instant} as {@code uuuu-MM-ddTHH:mm:ss.SSSZ} in UTC, or {@code null} outside the years 0000-9999. */
    static String format(Instant instant) {
        if (!isWithinFourDigitYears(instant)) {
            return null;
        }
        long epochSecond = instant.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        char[] text = new char[24];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        put(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, secondOfDay % 60, 2);
        text[19] = '.';
        put(text, 20, instant.getNano() / 1_000_000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    private static void put(char[] text, int start, int value, int count) {
        for (int i = start + count - 1; i >= start; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
