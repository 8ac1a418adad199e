package io.github.flinkjobs.wordcount;

import static io.github.flinkjobs.core.config.CommonOptions.ALLOWED_LATENESS;
import static io.github.flinkjobs.core.config.CommonOptions.DLQ_OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.INPUT;
import static io.github.flinkjobs.core.config.CommonOptions.JDBC_PASSWORD_FILE;
import static io.github.flinkjobs.core.config.CommonOptions.JDBC_URL;
import static io.github.flinkjobs.core.config.CommonOptions.JDBC_USER;
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
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.core.deadletter.LateRecords;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.env.JobEnvironment;
import io.github.flinkjobs.core.jdbc.JdbcConnectors;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.time.EventTime;
import io.github.flinkjobs.core.time.LateRecordFilter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Counts words per tumbling event-time window: the Java version of the classic PyFlink Kafka word count, with the
 * windowed aggregation into PostgreSQL done so that replays and late records leave correct rows.
 *
 * <p>Lines come from Kafka topic {@code --topic} (event time: the record timestamp) or, with {@code --input}, from
 * files (event time: when the line was read, so only totals over all windows are deterministic there). The
 * {@link Tokenizer} splits them into words; each word is counted per window of {@code --window}, fired when the
 * watermark ({@code --out-of-orderness}, {@code --idleness}) passes the window's end and again for each record that
 * arrives within {@code --allowed-lateness} after that. Lines that arrive later go to the dead letters as they are,
 * with reason {@code late}, before they are read; lines that are not UTF-8 with reason {@code invalid-utf8}, and lines
 * holding a word longer than {@value #MAX_WORD_LENGTH} code points (which PostgreSQL could not index) with reason
 * {@code word-too-long}, none of their words counted.
 *
 * <p>Each {@link WordCount} goes to part files in {@code --output} (JSON lines), to table {@code word_counts} with
 * {@code --jdbc-url} (upserted: a window that fires again raises its row to the larger count, and a replay of the same
 * Kafka input changes nothing), or, with neither, to stdout as JSON lines.
 *
 * <p>Options: {@code --topic} (default {@code words}), {@code --window} (default {@code 5s}), {@code --input PATH},
 * {@code --output DIR}, {@code --part-prefix}, {@code --part-suffix} (default {@code .jsonl}), {@code --overwrite},
 * {@code --dlq-output DIR}, {@code --jdbc-url}, {@code --jdbc-user}, {@code --jdbc-password-file}, the event-time
 * options {@code --out-of-orderness}, {@code --idleness}, {@code --allowed-lateness}, and the Kafka and checkpointing
 * options of every job; {@code --help} lists them all.
 */
public final class WordCountJob {

    static final Option<String> TOPIC = Option.text("topic", "Kafka topic with the lines of text")
            .withDefault("words");

    static final Option<Duration> WINDOW = Option.positiveDuration("window",
            "length of the tumbling event-time windows").withDefault("5s");

    private static final List<Option<?>> OWN_OPTIONS = List.of(TOPIC, WINDOW, INPUT,
            OUTPUT.describedAs("write the counts as JSON lines to part files in this directory; with neither --output"
                    + " nor --jdbc-url they are printed to stdout"),
            PART_PREFIX, PART_SUFFIX.withDefault(".jsonl"), OVERWRITE, DLQ_OUTPUT, JDBC_URL, JDBC_USER,
            JDBC_PASSWORD_FILE);

    static final JobSpec SPEC = new JobSpec("word-count",
            "Counts words per tumbling event-time window into part files, PostgreSQL table word_counts, or stdout.",
            Stream.of(OWN_OPTIONS, CommonOptions.EVENT_TIME, CommonOptions.KAFKA).flatMap(List::stream).toList());

    /** The PostgreSQL table of the counts, created by {@code sql/schema.sql}. */
    static final String TABLE = "word_counts";

    /**
     * Writes one count, raising the row of the same window and word to it. A window's count only grows (its on-time
     * firing, then a firing with a larger count for each late record), so the row is only updated to a larger count:
     * a replay of older firings never lowers it, and a count the row already holds is not written again. It is
     * {@code INSERT ... SELECT}, not {@code INSERT ... VALUES}, so the driver never merges a batch into one multi-row
     * statement (as {@code reWriteBatchedInserts=true} in a URL would), which PostgreSQL refuses when the batch holds
     * a window's row twice ("cannot affect row a second time"): each count is its own statement.
     */
    static final String UPSERT = "INSERT INTO " + TABLE + " (window_start, window_end, word, count)"
            + " SELECT ?::timestamptz, ?::timestamptz, ?::text, ?::bigint"
            + " ON CONFLICT (window_start, word) DO UPDATE SET window_end = EXCLUDED.window_end, count = EXCLUDED.count"
            + " WHERE " + TABLE + ".count < EXCLUDED.count";

    /**
     * The longest word, in code points, that the job counts. The key of {@value #TABLE} holds the word, and a
     * PostgreSQL btree index entry can hold at most about 2.7 KB: 200 code points are at most 800 bytes in UTF-8,
     * far below that, and far above the words of any language, long compounds, words with many combining marks and
     * the clauses of scripts written without spaces included. A longer word is data rather than text (base64, hex).
     */
    static final int MAX_WORD_LENGTH = 200;

    /** The dead-letter reason of a line holding a word longer than {@link #MAX_WORD_LENGTH}. */
    static final String WORD_TOO_LONG = "word-too-long";

    private static final TypeInformation<List<String>> WORDS_OF_A_LINE = Types.LIST(Types.STRING);

    /**
     * The words that reached the window after it closed (and its allowed lateness passed). It stays empty: the
     * {@link LateRecordFilter} has already sent their lines to the dead letters, with the same rule and a watermark
     * that is never behind the window's (the window's is the smallest of its inputs', and a line reaches it before
     * any later watermark of its own channel). It is kept so that a change to the pipeline that breaks this can
     * never drop words silently.
     */
    static final OutputTag<WordOccurrence> LATE_WORDS =
            new OutputTag<>("late-words", TypeInformation.of(WordOccurrence.class));

    private static final JsonCodec<WordCount> WORD_COUNT_JSON = JsonCodec.of(WordCount.class);

    private static final JsonCodec<WordOccurrence> WORD_OCCURRENCE_JSON = JsonCodec.of(WordOccurrence.class);

    private WordCountJob() {
    }

    public static void main(String[] args) throws Exception {
        JobMain.run(SPEC, args, WordCountJob::run);
    }

    static void run(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create(config);
        boolean toDatabase = JdbcConnectors.enabled(config);
        if (toDatabase) {
            JdbcConnectors.requireTable(config, TABLE, "window_start", "word");
        }

        JobIo.Input lines = JobIo.rawInput(env, config, "lines", INPUT, config.get(TOPIC),
                EventTime.watermarks(config));

        Counted counted = defineWorkflow(lines, config.get(WINDOW), config.get(ALLOWED_LATENESS));

        if (config.has(OUTPUT)) {
            JobIo.sinkToOutputFiles(counted.counts(), config, WORD_COUNT_JSON);
        }
        if (toDatabase) {
            sinkToPostgres(counted.counts(), config);
        }
        if (!config.has(OUTPUT) && !toDatabase) {
            JobIo.sinkToStdout(counted.counts(), WORD_COUNT_JSON, "word-counts");
        }
        JobIo.sinkDeadLetters(counted.deadLetters(), config, lines);

        JobIo.execute(env, config);
    }

    /**
     * What the workflow produces.
     *
     * @param counts one count per word and window, again with a larger count when a late record updates the window
     * @param deadLetters lines that arrived too late, cannot be read, or hold a word too long to count
     */
    public record Counted(DataStream<WordCount> counts, DataStream<DeadLetter> deadLetters) {
    }

    /**
     * Reads the lines of {@code input} (which carries timestamps and watermarks), splits them into words and counts
     * each word per tumbling window of {@code window}, updating a window for records up to {@code allowedLateness}
     * late. A line that is later than that is a dead letter before it is read.
     */
    public static Counted defineWorkflow(JobIo.Input input, Duration window, Duration allowedLateness) {
        SingleOutputStreamOperator<RawRecord> onTime = LateRecordFilter.apply(input, window, allowedLateness);
        SingleOutputStreamOperator<List<String>> lines = readLines(onTime);
        DataStream<WordOccurrence> words = lines.process(new SplitIntoWords())
                .uid("split-into-words")
                .name("Split into words");
        SingleOutputStreamOperator<WordCount> counts = countInWindows(words, window, allowedLateness);
        DataStream<DeadLetter> lateWords = lateDeadLetters(counts.getSideOutput(LATE_WORDS), input);
        return new Counted(counts, onTime.getSideOutput(DeadLetterRouter.DEAD_LETTERS)
                .union(lines.getSideOutput(DeadLetterRouter.DEAD_LETTERS), lateWords));
    }

    /**
     * The words of each line; a line that cannot be read (see {@link #wordsOf}) is in the
     * {@link DeadLetterRouter#DEAD_LETTERS} output, counted in its metric.
     */
    static SingleOutputStreamOperator<List<String>> readLines(DataStream<RawRecord> lines) {
        return lines.process(new DeadLetterRouter<>(WordCountJob::wordsOf, WORDS_OF_A_LINE))
                .uid("read-lines")
                .name("Read lines");
    }

    /**
     * The words of a line, as the {@link Tokenizer} finds them.
     *
     * @throws BadRecordException {@code null-value} or {@code invalid-utf8} for a record that is not a line of
     *     text, {@value #WORD_TOO_LONG} for a line holding a word longer than {@value #MAX_WORD_LENGTH} code points
     */
    static List<String> wordsOf(RawRecord line) throws BadRecordException {
        List<String> words = Tokenizer.words(line.text());
        for (String word : words) {
            if (word.length() > MAX_WORD_LENGTH && word.codePointCount(0, word.length()) > MAX_WORD_LENGTH) {
                throw new BadRecordException(WORD_TOO_LONG);
            }
        }
        return words;
    }

    /** Counts each word per tumbling window; words too late for their window are in the {@link #LATE_WORDS} output. */
    static SingleOutputStreamOperator<WordCount> countInWindows(
            DataStream<WordOccurrence> words, Duration window, Duration allowedLateness) {
        return words.keyBy(WordOccurrence::word)
                .window(TumblingEventTimeWindows.of(window))
                .allowedLateness(allowedLateness)
                .sideOutputLateData(LATE_WORDS)
                .aggregate(new CountOccurrences(), new ToWordCount())
                .uid("count-words-per-window")
                .name("Count words per window");
    }

    /**
     * The dead letters (reason {@code late}, counted) of the words that reached their window after it closed, as
     * JSON: the safety net behind the {@link LateRecordFilter}, empty while the pipeline keeps its shape.
     */
    static DataStream<DeadLetter> lateDeadLetters(DataStream<WordOccurrence> lateWords, JobIo.Input input) {
        return LateRecords.asDeadLetters(lateWords, input, WORD_OCCURRENCE_JSON);
    }

    /**
     * Upserts the counts into {@value #TABLE}. The sink takes the window's partitioning, so the rows of one word
     * reach one sink instance in the order its window fired; the {@link #UPSERT} keeps the largest count of a window
     * in any order.
     */
    static void sinkToPostgres(DataStream<WordCount> counts, JobConfig config) {
        counts.sinkTo(JdbcConnectors.sink(config, UPSERT, WordCountJob::setUpsertParameters))
                .uid("word-counts-jdbc-sink")
                .name("PostgreSQL: " + TABLE);
    }

    /** Sets the parameters of {@link #UPSERT} for one count. */
    static void setUpsertParameters(PreparedStatement statement, WordCount count) throws SQLException {
        statement.setObject(1, OffsetDateTime.ofInstant(count.windowStart(), ZoneOffset.UTC));
        statement.setObject(2, OffsetDateTime.ofInstant(count.windowEnd(), ZoneOffset.UTC));
        statement.setString(3, count.word());
        statement.setLong(4, count.count());
    }

    /** Turns the words of each line into occurrences, each carrying the line's event time. */
    private static final class SplitIntoWords extends ProcessFunction<List<String>, WordOccurrence> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(List<String> words, Context context, Collector<WordOccurrence> out) {
            Instant time = Instant.ofEpochMilli(context.timestamp());
            for (String word : words) {
                out.collect(new WordOccurrence(word, time));
            }
        }
    }

    /** Counts the occurrences in a window, keeping one number per word and window as state. */
    private static final class CountOccurrences implements AggregateFunction<WordOccurrence, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(WordOccurrence occurrence, Long count) {
            return count + 1;
        }

        @Override
        public Long getResult(Long count) {
            return count;
        }

        @Override
        public Long merge(Long first, Long second) {
            return first + second;
        }
    }

    /** Turns a window's count into a {@link WordCount} with the window's bounds. */
    private static final class ToWordCount extends ProcessWindowFunction<Long, WordCount, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String word, Context context, Iterable<Long> counts, Collector<WordCount> out) {
            TimeWindow window = context.window();
            out.collect(new WordCount(word, counts.iterator().next(), Instant.ofEpochMilli(window.getStart()),
                    Instant.ofEpochMilli(window.getEnd())));
        }
    }
}
