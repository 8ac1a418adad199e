package io.github.flinkjobs.benchmarks;

/** One way of doing the work that is measured: the raw Kafka copy, a job at some parallelism, the SQL importer. */
interface Variant {

    /** A short stable name, such as {@code importer-p1}. */
    String key();

    /** What the report calls it. */
    String title();

    /**
     * Prepares a run over {@code workload} with fresh outputs named after {@code runName} (a topic, a consumer group, a
     * directory); nothing of it is measured.
     */
    PreparedRun prepare(Workload workload, String runName) throws Exception;

    /** Work that may fail. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** Counts what a run wrote. */
    @FunctionalInterface
    interface OutputCounter {
        long count() throws Exception;
    }

    /**
     * A run ready to be measured.
     *
     * @param inputRecords the records it reads
     * @param expectedOutput what {@code countOutput} must find when it worked
     * @param execute the measured work: returns when the output is written (and committed)
     * @param countOutput counts the output afterwards, not measured
     * @param cleanUp deletes the output
     */
    record PreparedRun(long inputRecords, long expectedOutput, Action execute, OutputCounter countOutput,
            Action cleanUp) {
    }
}
