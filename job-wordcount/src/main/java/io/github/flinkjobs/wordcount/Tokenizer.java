package io.github.flinkjobs.wordcount;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a line of text into words, the same way for every script: the line is lowercased with {@link Locale#ROOT},
 * then a word is a run of letters, combining marks and decimal digits ({@code \p{L}}, {@code \p{M}},
 * {@code \p{Nd}}), which may hold an apostrophe ({@code '} or {@code ’}) between two such characters: {@code don't},
 * {@code rock'n'roll}, {@code l’été}. Every other character separates words (spaces, tabs, {@code \r}, punctuation,
 * hyphens, underscores, symbols, emoji). Nothing is normalized: a precomposed and a decomposed {@code café} are
 * different words, and so are {@code it's} and {@code it’s}. Scripts written without spaces (Chinese, Japanese) are
 * not segmented: a run of their characters is one word.
 *
 * <p>A word is what the regular expression {@code [\p{L}\p{M}\p{Nd}]+(?:['’][\p{L}\p{M}\p{Nd}]+)*} finds, but the
 * line is read in one pass over its code points instead: {@code java.util.regex} matches each repetition of the
 * apostrophe group one stack frame deeper, so a long {@code a'a'a'...} line would overflow the stack. Time and stack
 * stay linear and constant in the line's length, and the only objects made are the lowercased line and its words.
 */
public final class Tokenizer {

    private static final int NONE = -1;

    private Tokenizer() {
    }

    /** The words of {@code line}, lowercased, in order of appearance; none for an empty or blank line. */
    public static List<String> words(String line) {
        String text = line.toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        int wordStart = NONE;
        int wordEnd = NONE; // after the word's last word character: a trailing apostrophe is not part of it
        int index = 0;
        while (index < text.length()) {
            int codePoint = text.codePointAt(index);
            int next = index + Character.charCount(codePoint);
            if (isWordCharacter(codePoint)) {
                if (wordStart == NONE) {
                    wordStart = index;
                }
                wordEnd = next;
            } else if (!(isApostrophe(codePoint) && wordStart != NONE && wordEnd == index)) {
                if (wordStart != NONE) {
                    words.add(text.substring(wordStart, wordEnd));
                    wordStart = NONE;
                }
            }
            index = next;
        }
        if (wordStart != NONE) {
            words.add(text.substring(wordStart, wordEnd));
        }
        return words;
    }

    /** Whether {@code codePoint} is a letter, a combining mark or a decimal digit: {@code [\p{L}\p{M}\p{Nd}]}. */
    private static boolean isWordCharacter(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER -> true;
            default -> false;
        };
    }

    /** Whether {@code codePoint} is one of the apostrophes a word may hold: {@code ['’]}. */
    private static boolean isApostrophe(int codePoint) {
        return codePoint == '\'' || codePoint == '\u2019';
    }
}
