package io.github.flinkjobs.usagestats;

import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.model.FlightData;

/**
 * Usage statistics' parsing of one flight ({@link UsageStatsJob#parseFlight}), opened to the micro-benchmarks, which
 * live in another module: they measure the job's own code, not a copy of it.
 */
public final class UsageStatsParsing {

    private UsageStatsParsing() {
    }

    /** A flight from a FlightData JSON record, as usage statistics parses it. */
    public static FlightData parseFlight(RawRecord record) throws BadRecordException {
        return UsageStatsJob.parseFlight(record);
    }
}
