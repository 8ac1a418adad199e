package io.github.flinkjobs.core.deadletter;

import java.io.Serializable;

/**
 * Turns one raw input record into a typed value, or rejects it with a {@link BadRecordException} naming the reason.
 *
 * @param <T> the parsed type
 */
@FunctionalInterface
public interface RecordParser<T> extends Serializable {
    T parse(RawRecord record) throws BadRecordException;
}
