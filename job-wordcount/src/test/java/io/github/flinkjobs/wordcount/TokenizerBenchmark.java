package io.github.flinkjobs.wordcount;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Words per second of the {@link Tokenizer} against the specification's regular expression
 * ({@link IndependentWordCount#words}) on the lines of {@code test-data/words.txt}, in interleaved rounds in one JVM,
 * reported as medians and their ratio. Not a test; run it after {@code mvn test-compile} from the module directory:
 * <pre>java -cp target/classes:target/test-classes io.github.flinkjobs.wordcount.TokenizerBenchmark</pre>
 */
final class TokenizerBenchmark {

    private static final int ROUNDS = 15;
    private static final int LINES_PER_ROUND = 400_000;

    private TokenizerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path sample = Path.of(args.length > 0 ? args[0] : "../test-data/words.txt");
        List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
        double[] scan = new double[ROUNDS];
        double[] regex = new double[ROUNDS];
        for (int round = -3; round < ROUNDS; round++) { // three rounds of warm-up
            double scanRate = wordsPerSecond(lines, Tokenizer::words);
            double regexRate = wordsPerSecond(lines, IndependentWordCount::words);
            if (round >= 0) {
                scan[round] = scanRate;
                regex[round] = regexRate;
            }
        }
        double scanMedian = median(scan);
        double regexMedian = median(regex);
        System.out.printf("tokenizer: %.2f M words/s, regular expression: %.2f M words/s, ratio %.2f%n",
                scanMedian / 1e6, regexMedian / 1e6, scanMedian / regexMedian);
    }

    private static double wordsPerSecond(List<String> lines, Function<String, List<String>> tokenizer) {
        long words = 0;
        long start = System.nanoTime();
        for (int i = 0; i < LINES_PER_ROUND; i++) {
            words += tokenizer.apply(lines.get(i % lines.size())).size();
        }
        return words * 1e9 / (System.nanoTime() - start);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
