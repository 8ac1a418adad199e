package io.github.flinkjobs.core.json;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Reads and writes one record type as JSON with the shared {@link Json} configuration. One instance serves as a
 * Kafka value serializer ({@link SerializationSchema}) and as a file sink encoder writing JSON lines
 * ({@link Encoder}); the Jackson reader and writer are made once per instance, never per record.
 *
 * @param <T> the record type
 */
public final class JsonCodec<T> implements SerializationSchema<T>, Encoder<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient ObjectReader reader;
    private transient ObjectWriter writer;

    private JsonCodec(Class<T> type) {
        this.type = type;
    }

    /** A codec for {@code type}. */
    public static <T> JsonCodec<T> of(Class<T> type) {
        return new JsonCodec<>(type);
    }

    /** The record type. */
    public Class<T> type() {
        return type;
    }

    /**
     * Parses one record.
     *
     * @throws IOException when the bytes are not JSON of the record's shape
     */
    public T read(byte[] json) throws IOException {
        return reader().readValue(json);
    }

    /** Parses one record from text. */
    public T read(String json) throws IOException {
        return reader().readValue(json);
    }

    /** The record as JSON bytes (UTF-8). */
    public byte[] write(T record) {
        try {
            return writer().writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + type.getSimpleName() + " as JSON", e);
        }
    }

    /** The record as JSON text. */
    public String writeAsString(T record) {
        try {
            return writer().writeValueAsString(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + type.getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public byte[] serialize(T record) {
        return write(record);
    }

    @Override
    public void encode(T record, OutputStream stream) throws IOException {
        stream.write(write(record));
        stream.write('\n');
    }

    private ObjectReader reader() {
        if (reader == null) {
            reader = Json.mapper().readerFor(type);
        }
        return reader;
    }

    private ObjectWriter writer() {
        if (writer == null) {
            writer = Json.mapper().writerFor(type);
        }
        return writer;
    }
}
