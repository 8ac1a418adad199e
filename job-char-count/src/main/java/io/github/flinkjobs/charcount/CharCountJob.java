package io.github.flinkjobs.charcount;

import static io.github.flinkjobs.core.config.CommonOptions.DLQ_OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.INPUT;
import static io.github.flinkjobs.core.config.CommonOptions.OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.OVERWRITE;
import static io.github.flinkjobs.core.config.CommonOptions.PART_PREFIX;
import static io.github.flinkjobs.core.config.CommonOptions.PART_SUFFIX;

import io.github.flinkjobs.core.JobIo;
import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.core.config.Option;
import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.env.JobEnvironment;
import java.util.List;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Counts the characters of each text message and writes one count per line to rolling part files: the Java
 * version of the classic PyFlink example that reads a Kafka topic and writes files, made safe to run for real
 * (exactly-once file output, dead letters, a file mode that needs no service).
 *
 * <p>A character is a Unicode code point, as Python's {@code len} counts it: {@code "✈️"} is 2, {@code "𝄞"} is 1.
 * Nothing is normalized or trimmed ({@code "see them "} is 9); an empty message is 0. Messages come from Kafka
 * topic {@code --topic} or, with {@code --input}, from the lines of a file or directory (a trailing {@code \r} of a
 * CRLF line is not part of the message; the job finishes at the end of the input). A message that is not valid UTF-8
 * (or a Kafka record without a value) goes to the dead letters: topic {@code <topic>.dlq}, {@code --dlq-output DIR},
 * or in file mode without it stderr.
 *
 * <p>Options: {@code --topic} (default {@code flink-topic}), {@code --input PATH}, {@code --output DIR} (default
 * {@code ./sink}, environment {@code SINK_DIR}), {@code --part-prefix}, {@code --part-suffix}, {@code --overwrite},
 * {@code --dlq-output DIR}, and the Kafka and checkpointing options of every job; {@code --help} lists them all.
 */
public final class CharCountJob {

    static final Option<String> TOPIC = Option.text("topic", "Kafka topic with the text messages")
            .withDefault("flink-topic");

    static final JobSpec SPEC = new JobSpec("char-count",
            "Counts the characters (Unicode code points) of each text message and writes the counts to part files.",
            List.of(TOPIC, INPUT, OUTPUT.withDefault("./sink").withEnv("SINK_DIR"), PART_PREFIX, PART_SUFFIX,
                    OVERWRITE, DLQ_OUTPUT),
            CommonOptions.KAFKA);

    private CharCountJob() {
    }

    public static void main(String[] args) throws Exception {
        JobMain.run(SPEC, args, CharCountJob::run);
    }

    static void run(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create(config);

        JobIo.Input messages = JobIo.rawInput(env, config, "messages", INPUT, config.get(TOPIC));

        SingleOutputStreamOperator<Integer> counts = defineWorkflow(messages.records());

        JobIo.sinkToOutputFiles(counts, config, new SimpleStringEncoder<>());
        JobIo.sinkDeadLetters(counts.getSideOutput(DeadLetterRouter.DEAD_LETTERS), config, messages);

        JobIo.execute(env, config);
    }

    /**
     * The number of characters of each message; messages that cannot be read are in the
     * {@link DeadLetterRouter#DEAD_LETTERS} side output of the returned stream.
     */
    public static SingleOutputStreamOperator<Integer> defineWorkflow(DataStream<RawRecord> messages) {
        return messages.process(new DeadLetterRouter<>(CharCountJob::countCharacters, Types.INT))
                .uid("count-characters")
                .name("Count characters");
    }

    /** The number of Unicode code points of the message. */
    static int countCharacters(RawRecord message) throws BadRecordException {
        String text = message.text();
        return text.codePointCount(0, text.length());
    }
}
