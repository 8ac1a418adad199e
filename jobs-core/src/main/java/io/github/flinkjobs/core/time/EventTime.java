package io.github.flinkjobs.core.time;

import static io.github.flinkjobs.core.config.CommonOptions.IDLENESS;
import static io.github.flinkjobs.core.config.CommonOptions.OUT_OF_ORDERNESS;

import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.deadletter.RawRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The event time of raw input, the same in every windowed job: a record's time is its {@link RawRecord#timestamp()}
 * (the Kafka record timestamp; for file input the time the line was read, so file runs use ingestion time), and
 * watermarks trail the newest time by {@code --out-of-orderness}. A partition that stays silent for
 * {@code --idleness} stops holding the watermark back, so one quiet partition never stalls the windows.
 */
public final class EventTime {

    private EventTime() {
    }

    /** The watermark strategy for raw records configured by {@code --out-of-orderness} and {@code --idleness}. */
    public static WatermarkStrategy<RawRecord> watermarks(JobConfig config) {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(config.get(OUT_OF_ORDERNESS))
                .withTimestampAssigner((record, previous) -> record.timestamp())
                .withIdleness(config.get(IDLENESS));
    }
}
