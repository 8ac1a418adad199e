package io.github.flinkjobs.core.jdbc;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's {@link JdbcSink}, except that a writer that has failed does not fail again while it is closed.
 *
 * <p>When PostgreSQL refuses a batch (down, restarted, a table renamed away), the connector's writer fails the task,
 * as it should, and then tries to write the same batch once more when the failed task closes it; that second
 * failure happens in the task's failure handling, where Flink treats it as fatal and shuts the whole TaskManager
 * down, with every other job's tasks on it. Here the close of a writer whose batch could not be written is logged
 * instead: the job restarts from its last checkpoint and writes those rows again (the sinks' statements are
 * idempotent upserts), and the TaskManager lives on.
 */
final class FailSafeJdbcSink<T>
        implements Sink<T>, SupportsWriterState<T, JdbcWriterState>, SupportsCommitter<JdbcCommitable> {
    private static final long serialVersionUID = 1L;

    private final JdbcSink<T> sink;

    FailSafeJdbcSink(JdbcSink<T> sink) {
        this.sink = sink;
    }

    @Override
    public Writer<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(sink.createWriter(context));
    }

    @Override
    public Writer<T> restoreWriter(WriterInitContext context, Collection<JdbcWriterState> recoveredState)
            throws IOException {
        return new Writer<>(sink.restoreWriter(context, recoveredState));
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext context) throws IOException {
        return sink.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    /** The connector's writer, whose close logs what it could not write instead of throwing. */
    static final class Writer<T> implements StatefulSinkWriter<T, JdbcWriterState>,
            CommittingSinkWriter<T, JdbcCommitable> {

        private static final Logger LOG = LoggerFactory.getLogger(FailSafeJdbcSink.class);

        private final JdbcWriter<T> writer;

        Writer(JdbcWriter<T> writer) {
            this.writer = writer;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            writer.write(element, context);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            writer.flush(endOfInput);
        }

        @Override
        public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
            return writer.prepareCommit();
        }

        @Override
        public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
            return writer.snapshotState(checkpointId);
        }

        /**
         * Closes the connector's writer. Rows are flushed at the end of input and on every checkpoint, before any
         * close, so rows left to write at close are those of a task that is failing: they come again from the last
         * checkpoint after the restart, and the failure to write them is logged, not thrown.
         */
        @Override
        public void close() {
            try {
                writer.close();
            } catch (Exception e) {
                LOG.warn("Closing a PostgreSQL writer whose last rows could not be written: they are written again"
                        + " after the restart ({})", e.toString());
            }
        }
    }
}
