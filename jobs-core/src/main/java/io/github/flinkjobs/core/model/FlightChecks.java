package io.github.flinkjobs.core.model;

import io.github.flinkjobs.core.deadletter.BadRecordException;
import java.time.Duration;

/**
 * The checks a {@link FlightData} passes before a job uses it, one rule for every job that reads flights (the
 * importer and usage statistics), so a flight one job accepts the other accepts too. A flight that fails goes to the
 * dead letters with the reason:
 *
 * <ul>
 *   <li>{@code bad-value:<email field>}: the email address is blank, holds a control character (PostgreSQL text
 *       refuses NUL) or an unpaired surrogate (no UTF-8 for a Kafka key), or is longer than
 *       {@value #MAX_EMAIL_LENGTH} characters (the longest address SMTP allows; it is a primary key and a Kafka key);
 *   <li>{@value #ARRIVAL_BEFORE_DEPARTURE}: it arrives before it departs (arriving when it departs is accepted);
 *   <li>{@value #IMPLAUSIBLE_DURATION}: it takes longer than {@link #MAX_DURATION} (48 hours, far above the longest
 *       scheduled flight), which also keeps every sum of durations far from overflowing.
 * </ul>
 */
public final class FlightChecks {

    /** Reason of a flight whose arrival time is before its departure time. */
    public static final String ARRIVAL_BEFORE_DEPARTURE = "arrival-before-departure";

    /** Reason of a flight that takes longer than {@link #MAX_DURATION}. */
    public static final String IMPLAUSIBLE_DURATION = "implausible-duration";

    /** The longest flight accepted: 48 hours. */
    public static final Duration MAX_DURATION = Duration.ofHours(48);

    /** The most characters (code points) of an email address accepted. */
    public static final int MAX_EMAIL_LENGTH = 320;

    /** Prefix of the reason of a field whose value no job can store or use as a key. */
    public static final String BAD_VALUE = "bad-value:";

    private FlightChecks() {
    }

    /**
     * Returns {@code flight} when it passes every check.
     *
     * @param flight a flight whose email address and times are present
     * @param emailField the name of the email address in the record the flight was read from, for the reason
     * @throws BadRecordException {@code bad-value:<emailField>}, {@value #ARRIVAL_BEFORE_DEPARTURE} or
     *     {@value #IMPLAUSIBLE_DURATION}
     */
    public static FlightData check(FlightData flight, String emailField) throws BadRecordException {
        if (!isUsableEmail(flight.emailAddress())) {
            throw new BadRecordException(BAD_VALUE + emailField);
        }
        if (flight.arrivalTime().isBefore(flight.departureTime())) {
            throw new BadRecordException(ARRIVAL_BEFORE_DEPARTURE);
        }
        if (Duration.between(flight.departureTime(), flight.arrivalTime()).compareTo(MAX_DURATION) > 0) {
            throw new BadRecordException(IMPLAUSIBLE_DURATION);
        }
        return flight;
    }

    private static boolean isUsableEmail(String email) {
        if (email.isBlank() || email.length() > 2 * MAX_EMAIL_LENGTH) {
            return false;
        }
        int codePoints = 0;
        for (int i = 0; i < email.length(); i += Character.charCount(email.codePointAt(i))) {
            int c = email.codePointAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                return false;
            }
            codePoints++;
        }
        return codePoints <= MAX_EMAIL_LENGTH;
    }
}
