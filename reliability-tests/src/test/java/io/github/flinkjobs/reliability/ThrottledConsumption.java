package io.github.flinkjobs.reliability;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka client interceptor that lets a test decide how fast the jobs on its mini-cluster (same JVM) read their
 * input, so that a failure is injected while input is still flowing. Given to a job with {@link #OPTION}, the jobs'
 * way to pass any Kafka client property; the same property reaches the jobs' producers, for which it does nothing.
 *
 * <p>Modes, for every consumer in the JVM: {@linkplain #holdAfter held} after each consumer has passed a number of
 * records (it waits inside {@code poll} until the mode changes, so no record is lost), {@linkplain #pace paced} (a
 * pause per record), or {@linkplain #release free}.
 */
public final class ThrottledConsumption
        implements ConsumerInterceptor<byte[], byte[]>, ProducerInterceptor<byte[], byte[]> {

    /** The most records a consumer's poll returns under this interceptor. */
    static final int RECORDS_PER_POLL = 10;

    /**
     * The job arguments that install it, with polls of at most {@value #RECORDS_PER_POLL} records, so that holding and
     * pacing (which act on a poll's batch) are fine-grained rather than a batch of 500 at once.
     */
    static final String[] OPTION = {"--kafka.interceptor.classes", ThrottledConsumption.class.getName(),
        "--kafka.max.poll.records", Integer.toString(RECORDS_PER_POLL)};

    private static volatile long holdAfter = Long.MAX_VALUE;
    private static volatile long pauseMillisPerRecord;

    private final AtomicLong passed = new AtomicLong();

    /** Each consumer created from now on passes {@code records} records, then waits. */
    static void holdAfter(long records) {
        pauseMillisPerRecord = 0;
        holdAfter = records;
    }

    /** Consumers pass every record, pausing {@code millis} per record. */
    static void pace(long millis) {
        pauseMillisPerRecord = millis;
        holdAfter = Long.MAX_VALUE;
    }

    /** Consumers pass every record at once. */
    static void release() {
        pauseMillisPerRecord = 0;
        holdAfter = Long.MAX_VALUE;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return records;
        }
        try {
            while (passed.get() >= holdAfter) {
                Thread.sleep(5);
            }
            passed.addAndGet(records.count());
            long pause = pauseMillisPerRecord * records.count();
            if (pause > 0) {
                Thread.sleep(pause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return records;
    }

    @Override
    public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
