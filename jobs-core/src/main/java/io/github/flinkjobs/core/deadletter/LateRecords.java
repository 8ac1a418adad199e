package io.github.flinkjobs.core.deadletter;

import io.github.flinkjobs.core.JobIo;
import java.time.Clock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns the records a window dropped as late (its {@code sideOutputLateData}) into dead letters with reason
 * {@value #REASON}, counted in the {@value #LATE_RECORDS_METRIC} metric, so records that arrive after their window
 * closed are never silently lost. The dead letter's {@code raw} is the record as the window saw it, serialized (JSON
 * for the jobs' records), and keeps its event time as the timestamp.
 *
 * @param <T> the type of the windowed records
 */
public final class LateRecords<T> extends ProcessFunction<T, DeadLetter> {
    private static final long serialVersionUID = 1L;

    /** The dead-letter reason of a record that arrived after its window closed. */
    public static final String REASON = "late";

    /** Name of the counter metric of late records (per parallel instance). */
    public static final String LATE_RECORDS_METRIC = "lateRecords";

    private final String source;
    private final SerializationSchema<T> serializer;
    private final Clock clock;
    private transient Counter lateRecords;

    LateRecords(String source, SerializationSchema<T> serializer, Clock clock) {
        this.source = source;
        this.serializer = serializer;
        this.clock = clock;
    }

    /**
     * The dead letters of the late records of {@code input}, each serialized with {@code serializer}; the operator's
     * uid is {@code late-records-<role>} (see {@link JobIo.Input#role}).
     */
    public static <T> DataStream<DeadLetter> asDeadLetters(
            DataStream<T> late, JobIo.Input input, SerializationSchema<T> serializer) {
        return late.process(new LateRecords<>(input.source(), serializer, Clock.systemUTC()))
                .uid("late-records-" + input.role())
                .name("Late records of " + input.topic());
    }

    @Override
    public void open(OpenContext openContext) {
        lateRecords = getRuntimeContext().getMetricGroup().counter(LATE_RECORDS_METRIC);
    }

    @Override
    public void processElement(T record, Context context, Collector<DeadLetter> out) {
        lateRecords.inc();
        long eventTime = context.timestamp() == null ? Long.MIN_VALUE : context.timestamp();
        RawRecord raw = new RawRecord(source, serializer.serialize(record), eventTime);
        out.collect(DeadLetter.of(raw, REASON, clock.instant()));
    }
}
