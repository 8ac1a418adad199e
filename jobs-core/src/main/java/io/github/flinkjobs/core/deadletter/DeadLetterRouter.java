package io.github.flinkjobs.core.deadletter;

import java.time.Clock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses raw records with a {@link RecordParser}; a record it rejects goes to the {@link #DEAD_LETTERS} side output
 * as a {@link DeadLetter} and increments the {@value #DEAD_LETTERS_METRIC} counter, so bad input never stops a job
 * and is never silently dropped. An unexpected exception of the parser is treated the same way (reason
 * {@value #UNEXPECTED_ERROR}, logged) rather than restarting the job on the same record forever.
 *
 * @param <T> the parsed type
 */
public final class DeadLetterRouter<T> extends ProcessFunction<RawRecord, T> implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRouter.class);

    /** The side output holding the dead letters. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Name of the counter metric of dead letters (per parallel instance). */
    public static final String DEAD_LETTERS_METRIC = "deadLetters";

    /** Reason for a record the parser failed on with an unexpected exception. */
    public static final String UNEXPECTED_ERROR = "unexpected-error";

    private final RecordParser<T> parser;
    private final TypeInformation<T> producedType;
    private final Clock clock;
    private transient Counter deadLetters;

    public DeadLetterRouter(RecordParser<T> parser, TypeInformation<T> producedType) {
        this(parser, producedType, Clock.systemUTC());
    }

    DeadLetterRouter(RecordParser<T> parser, TypeInformation<T> producedType, Clock clock) {
        this.parser = parser;
        this.producedType = producedType;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter(DEAD_LETTERS_METRIC);
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<T> out) {
        T parsed;
        try {
            parsed = parser.parse(record);
        } catch (BadRecordException e) {
            reject(record, e.reason(), context);
            return;
        } catch (RuntimeException e) {
            LOG.warn("Unexpected error parsing a record from {}; it goes to the dead letters", record.source(), e);
            reject(record, UNEXPECTED_ERROR, context);
            return;
        }
        out.collect(parsed);
    }

    private void reject(RawRecord record, String reason, Context context) {
        deadLetters.inc();
        context.output(DEAD_LETTERS, DeadLetter.of(record, reason, clock.instant()));
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return producedType;
    }
}
