package io.github.flinkjobs.charcount;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.PartFiles;
import io.github.flinkjobs.testing.Repository;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The char-count job end to end on a mini-cluster at parallelism 2, over Kafka and over files. */
class CharCountJobIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final List<String> SEED_MESSAGES = List.of(
            "this", "is", "being sent", "from a producer!", "You should", "see them ", "being processed.");
    private static final List<String> SEED_COUNTS = List.of("4", "2", "10", "16", "10", "9", "16");
    private static final JsonCodec<DeadLetter> DEAD_LETTERS = JsonCodec.of(DeadLetter.class);

    @TempDir
    Path temp;

    /** Runs the job as its {@code main} does, failing the test (instead of exiting the JVM) on a refused option. */
    private static void runJob(String... args) throws Exception {
        assertThat(JobMain.execute(CharCountJob.SPEC, args, Map.of(), CharCountJob::run, System.out, System.err))
                .as("exit status").isZero();
    }

    @Test
    void countsTheSeedMessagesFromKafkaAndSendsBadRecordsToTheDeadLetterTopic() throws Exception {
        TestKafka kafka = TestKafka.get();
        String topic = kafka.createTopic("messages", 2);
        List<byte[]> records = new ArrayList<>();
        SEED_MESSAGES.forEach(m -> records.add(m.getBytes(StandardCharsets.UTF_8)));
        byte[] notUtf8 = {'o', 'k', (byte) 0xFF};
        records.add(notUtf8);
        records.add(null);
        kafka.produceBytes(topic, records);
        Path output = temp.resolve("sink");

        runJob(
            "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic, "--bounded",
            "--group-id", TestServices.randomName("group"), "--output", output.toString(),
            "--checkpoint-interval", "300ms");

        assertThat(PartFiles.lines(output)).containsExactlyInAnyOrderElementsOf(SEED_COUNTS);
        assertThat(PartFiles.inProgress(output)).isEmpty();
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (String json : kafka.readCommittedValues(topic + ".dlq")) {
            deadLetters.add(DEAD_LETTERS.read(json));
        }
        assertThat(deadLetters).extracting(DeadLetter::source, DeadLetter::reason, DeadLetter::raw,
                        DeadLetter::rawEncoding, DeadLetter::rawLength)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(topic, "invalid-utf8",
                                Base64.getEncoder().encodeToString(notUtf8), "base64", 3),
                        org.assertj.core.groups.Tuple.tuple(topic, "null-value", null, null, 0));
    }

    @Test
    void countsTheSampleFileAndFinishes() throws Exception {
        Path output = temp.resolve("out");

        runJob(
            "--input", Repository.file("test-data/messages.txt").toString(), "--output", output.toString(),
            "--checkpoint-interval", "300ms");

        assertThat(PartFiles.lines(output)).containsExactlyInAnyOrderElementsOf(SEED_COUNTS);
        assertThat(PartFiles.inProgress(output)).isEmpty();
    }

    @Test
    void inFileModeWithoutADeadLetterDirectoryBadLinesArePrintedToStderr() throws Exception {
        Path input = Files.write(temp.resolve("_input.txt"), bytes("good\n", new byte[] {(byte) 0xC3, '\n'}));
        Path output = temp.resolve("out");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            runJob("--input", input.toString(), "--output", output.toString(), "--checkpoint-interval", "300ms");
        } finally {
            System.setErr(stderr);
        }

        assertThat(PartFiles.lines(output)).containsExactly("4");
        List<String> printed = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("dead-letter")).toList();
        assertThat(printed).hasSize(1);
        DeadLetter deadLetter = DEAD_LETTERS.read(printed.get(0).substring(printed.get(0).indexOf('{')));
        assertThat(deadLetter.reason()).isEqualTo("invalid-utf8");
        assertThat(deadLetter.source()).isEqualTo(input.toString());
    }

    @Test
    void countsOtherScriptsAndCrlfLinesAndWritesBadLinesToTheDeadLetterDirectory() throws Exception {
        Path input = Files.createDirectories(temp.resolve("_staging/nested"));
        Files.copy(Repository.file("test-data/unicode.txt"), input.resolve("unicode.txt"));
        Files.write(input.resolve("windows.txt"),
                bytes("line one\r\n", "\r\n", "two\r\n", new byte[] {'b', 'a', 'd', (byte) 0xE9, '\r', '\n'}));
        Files.writeString(input.resolve(".hidden"), "not read\n");
        Files.createDirectories(input.resolve("_temporary"));
        Files.writeString(input.resolve("_temporary/part-0"), "not read either\n");
        Path output = temp.resolve("out");
        Path deadLetterOutput = temp.resolve("dlq");

        runJob(
            "--input", temp.resolve("_staging").toString(), "--output", output.toString(),
            "--dlq-output", deadLetterOutput.toString(), "--part-prefix", "counts", "--part-suffix", ".csv",
            "--checkpoint-interval", "300ms");

        assertThat(PartFiles.lines(output)).containsExactlyInAnyOrder(
                "4", "5", "12", "1", "2", "2", "1", "3", "6", "5", "6", "0", // unicode.txt
                "8", "0", "3"); // windows.txt
        assertThat(PartFiles.finished(output)).allSatisfy(file ->
                assertThat(file.getFileName().toString()).startsWith("counts-").endsWith(".csv"));
        List<String> deadLetters = PartFiles.lines(deadLetterOutput);
        assertThat(deadLetters).hasSize(1);
        DeadLetter deadLetter = DEAD_LETTERS.read(deadLetters.get(0));
        assertThat(deadLetter.reason()).isEqualTo("invalid-utf8");
        assertThat(Base64.getDecoder().decode(deadLetter.raw())).containsExactly('b', 'a', 'd', (byte) 0xE9);
        assertThat(deadLetter.source()).isEqualTo(input.resolve("windows.txt").toString());
    }

    @Test
    void refusesANonEmptyOutputDirectoryUnlessOverwriteIsGiven() throws Exception {
        Path output = Files.createDirectories(temp.resolve("out"));
        Files.writeString(output.resolve("part-old"), "99\n");
        String[] args = {
            "--input", Repository.file("test-data/messages.txt").toString(), "--output", output.toString(),
            "--checkpoint-interval", "300ms"};
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int refused = JobMain.execute(CharCountJob.SPEC, args, Map.of(), CharCountJob::run, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(refused).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("char-count: output directory " + output
                + " is not empty");
        assertThat(PartFiles.lines(output)).containsExactly("99");

        runJob(append(args, "--overwrite"));

        assertThat(PartFiles.lines(output)).containsExactlyInAnyOrderElementsOf(SEED_COUNTS);
    }

    @Test
    void aRefusedOptionNeverCostsTheOutputEvenWithOverwrite() throws Exception {
        Path output = Files.createDirectories(temp.resolve("out"));
        Files.writeString(output.resolve("part-old"), "99\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int refused = JobMain.execute(CharCountJob.SPEC, new String[] {
            "--topic", "t", "--output", output.toString(), "--overwrite", "--transaction-timeout", "1s"},
                Map.of(), CharCountJob::run, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(refused).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("char-count: --transaction-timeout 1000ms is too short");
        assertThat(PartFiles.lines(output)).containsExactly("99");
    }

    private static String[] append(String[] args, String extra) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }

    private static byte[] bytes(Object... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.write(part instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) part);
        }
        return out.toByteArray();
    }
}
