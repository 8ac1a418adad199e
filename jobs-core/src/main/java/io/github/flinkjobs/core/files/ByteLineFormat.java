package io.github.flinkjobs.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a file as lines of raw bytes, split at {@code \n} with one trailing {@code \r} removed, so CRLF and LF files
 * give the same lines. Bytes are not decoded here: text that is not valid UTF-8 reaches the parser as it is and goes
 * to the dead letters, instead of being silently replaced as a text reader would do. A last line without a line
 * break is a line; an empty line is an empty record. {@link FileLineFormat} adds the file name to each line.
 */
final class ByteLineFormat extends SimpleStreamFormat<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public StreamFormat.Reader<byte[]> createReader(Configuration config, FSDataInputStream stream) {
        return new LineReader(stream);
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }

    /** Splits a stream into lines. */
    static final class LineReader implements StreamFormat.Reader<byte[]> {
        private static final int BUFFER_SIZE = 64 * 1024;

        private final InputStream in;
        private final byte[] buffer = new byte[BUFFER_SIZE];
        private int position;
        private int limit;
        private boolean endOfInput;
        private byte[] line = new byte[256];

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next line without its line break, or {@code null} at the end of the input. */
        @Override
        public byte[] read() throws IOException {
            int length = 0;
            while (true) {
                if (position == limit) {
                    if (endOfInput || !fill()) {
                        return length == 0 ? null : finish(length);
                    }
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                length = append(length, start, position - start);
                if (position < limit) {
                    position++; // the '\n'
                    return finish(length);
                }
            }
        }

        private boolean fill() throws IOException {
            int read = in.read(buffer, 0, buffer.length);
            if (read <= 0) {
                endOfInput = true;
                return false;
            }
            position = 0;
            limit = read;
            return true;
        }

        private int append(int length, int start, int count) {
            if (length + count > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
            }
            System.arraycopy(buffer, start, line, length, count);
            return length + count;
        }

        private byte[] finish(int length) {
            int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            return Arrays.copyOf(line, end);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
