package io.github.flinkjobs.core.files;

import io.github.flinkjobs.core.deadletter.RawRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

/**
 * The lines of each file as {@link RawRecord}s naming the file they come from, so a dead letter says which file
 * holds the bad line. The lines are read by {@link ByteLineFormat} through Flink's own stream-format adapter (which
 * also restores the read position from checkpoints); this format only adds the file's path, which a stream format
 * never sees, and the time the line was read.
 */
final class FileLineFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    private final StreamFormatAdapter<byte[]> lines = new StreamFormatAdapter<>(new ByteLineFormat());

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new NamedLines(lines.createReader(config, split), FileConnectors.displayName(split.path().toUri()));
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return new NamedLines(lines.restoreReader(config, split), FileConnectors.displayName(split.path().toUri()));
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    /** The lines of one file, each made a record of that file. */
    private record NamedLines(Reader<byte[]> lines, String file) implements Reader<RawRecord> {

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RecordIterator<byte[]> batch = lines.readBatch();
            return batch == null ? null : new RecordIterator<>() {
                @Override
                public RecordAndPosition<RawRecord> next() {
                    RecordAndPosition<byte[]> line = batch.next();
                    if (line == null) {
                        return null;
                    }
                    RawRecord record = new RawRecord(file, line.getRecord(), System.currentTimeMillis());
                    return new RecordAndPosition<>(record, line.getOffset(), line.getRecordSkipCount());
                }

                @Override
                public void releaseBatch() {
                    batch.releaseBatch();
                }
            };
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
