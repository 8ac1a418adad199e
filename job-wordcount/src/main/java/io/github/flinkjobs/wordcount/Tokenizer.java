package io.github.flinkjobs.wordcount;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a line of text into words, the same way for every script: the line is lowercased with {@link Locale#ROOT},
 * then a word is a run of letters, combining marks and decimal digits ({@code \p{L}}, {@code \p{M}},
 * {@code \p{Nd}}), which may hold an apostrophe ({@code '} or {@code ’}) between two such characters: {@code don't},
 * {@code rock'n'roll}, {@code l’été}. Every other character separates words (spaces, tabs, {@code \r}, punctuation,
 * hyphens, underscores, symbols, emoji). Nothing is normalized: a precomposed and a decomposed {@code café} are
 * different words, and so are {@code it's} and {@code it’s}. Scripts written without spaces (Chinese, Japanese) are
 * not segmented: a run of their characters is one word.
 */
public final class Tokenizer {

    /** A word, as the class documentation describes it. */
    public static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{Nd}]+(?:['’][\\p{L}\\p{M}\\p{Nd}]+)*");

    private Tokenizer() {
    }

    /** The words of {@code line}, lowercased, in order of appearance; none for an empty or blank line. */
    public static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(line.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}
