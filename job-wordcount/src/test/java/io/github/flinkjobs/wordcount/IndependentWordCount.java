package io.github.flinkjobs.wordcount;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the words of a text the way the job's tokenizer is specified, written independently of it: with the
 * specification's regular expression instead of the tokenizer's scan over code points, so tests can check the
 * tokenizer and the job's totals against a second implementation of the same rules. Only for short lines: the
 * regular expression recurses once per apostrophe of a word and overflows the stack on long ones.
 */
final class IndependentWordCount {

    /** A word, as the README and the {@link Tokenizer} documentation specify it. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{Nd}]+(?:['’][\\p{L}\\p{M}\\p{Nd}]+)*");

    private IndependentWordCount() {
    }

    /** The words of one line, found by the regular expression in the lowercased line. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(line.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    /** How often each word occurs in the lines. */
    static Map<String, Long> of(List<String> lines) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : lines) {
            words(line).forEach(word -> counts.merge(word, 1L, Long::sum));
        }
        return counts;
    }
}
