package io.github.flinkjobs.wordcount;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the words of a text the way the job's tokenizer is specified, written independently of it (a scan over code
 * points and their Unicode categories instead of a regular expression), so tests can check the job's totals against
 * a second implementation of the same rules.
 */
final class IndependentWordCount {

    private IndependentWordCount() {
    }

    /** How often each word occurs in the lines. */
    static Map<String, Long> of(List<String> lines) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : lines) {
            scan(line.toLowerCase(Locale.ROOT), counts);
        }
        return counts;
    }

    private static void scan(String text, Map<String, Long> counts) {
        StringBuilder word = new StringBuilder();
        int pendingApostrophe = -1;
        int index = 0;
        while (index < text.length()) {
            int codePoint = text.codePointAt(index);
            index += Character.charCount(codePoint);
            if (isWordCharacter(codePoint)) {
                if (pendingApostrophe >= 0) {
                    word.appendCodePoint(pendingApostrophe);
                    pendingApostrophe = -1;
                }
                word.appendCodePoint(codePoint);
            } else if ((codePoint == '\'' || codePoint == '\u2019') && word.length() > 0 && pendingApostrophe < 0) {
                pendingApostrophe = codePoint;
            } else {
                finish(word, counts);
                pendingApostrophe = -1;
            }
        }
        finish(word, counts);
    }

    private static void finish(StringBuilder word, Map<String, Long> counts) {
        if (word.length() > 0) {
            counts.merge(word.toString(), 1L, Long::sum);
            word.setLength(0);
        }
    }

    private static boolean isWordCharacter(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER -> true;
            default -> false;
        };
    }
}
