package io.github.flinkjobs.core.time;

import io.github.flinkjobs.core.JobIo;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.core.deadletter.LateRecords;
import io.github.flinkjobs.core.deadletter.RawRecord;
import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Sends a raw record whose tumbling event-time window has already closed to the dead letters (reason
 * {@value LateRecords#REASON}, metric {@value LateRecords#LATE_RECORDS_METRIC}) before it is parsed, so the dead
 * letter holds the record as it arrived. A record is late when the end of its window plus the allowed lateness is at
 * or below the current watermark: the rule of Flink's window operator. Watermarks only shrink on the way downstream
 * (an operator's watermark is the smallest of its inputs'), so a record this filter lets through is on time at the
 * window too; the window's own late-data output ({@link LateRecords}) stays as a safety net.
 */
public final class LateRecordFilter extends ProcessFunction<RawRecord, RawRecord> {
    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final long allowedLatenessMillis;
    private final Clock clock;
    private transient Counter lateRecords;

    LateRecordFilter(Duration window, Duration allowedLateness, Clock clock) {
        this.windowMillis = window.toMillis();
        this.allowedLatenessMillis = allowedLateness.toMillis();
        this.clock = clock;
    }

    /**
     * The on-time records of {@code input} for tumbling windows of {@code window} with {@code allowedLateness}; the
     * late ones are in the {@link DeadLetterRouter#DEAD_LETTERS} side output. The operator's uid is
     * {@code late-records-before-windows-<role>} (see {@link JobIo.Input#role}).
     */
    public static SingleOutputStreamOperator<RawRecord> apply(
            JobIo.Input input, Duration window, Duration allowedLateness) {
        return input.records()
                .process(new LateRecordFilter(window, allowedLateness, Clock.systemUTC()))
                .uid("late-records-before-windows-" + input.role())
                .name("Route late records of " + input.topic());
    }

    @Override
    public void open(OpenContext openContext) {
        lateRecords = getRuntimeContext().getMetricGroup().counter(LateRecords.LATE_RECORDS_METRIC);
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<RawRecord> out) {
        Long timestamp = context.timestamp();
        if (timestamp != null && isLate(timestamp, context.timerService().currentWatermark())) {
            lateRecords.inc();
            context.output(DeadLetterRouter.DEAD_LETTERS, DeadLetter.of(record, LateRecords.REASON, clock.instant()));
        } else {
            out.collect(record);
        }
    }

    private boolean isLate(long timestamp, long watermark) {
        long windowMaxTimestamp = TimeWindow.getWindowStartWithOffset(timestamp, 0, windowMillis) + windowMillis - 1;
        long cleanupTime = windowMaxTimestamp + allowedLatenessMillis;
        boolean overflow = cleanupTime < windowMaxTimestamp;
        return !overflow && cleanupTime <= watermark;
    }
}
