package io.github.flinkjobs.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.testing.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenizerTest {

    @Test
    void splitsOnSpacesAndPunctuationAndLowercases() {
        assertThat(Tokenizer.words("The quick, brown FOX! (jumps) over... the dog?"))
                .containsExactly("the", "quick", "brown", "fox", "jumps", "over", "the", "dog");
    }

    @Test
    void keepsApostrophesInsideAWordBothStraightAndTypographic() {
        assertThat(Tokenizer.words("Don't stop rock'n'roll, it’s l’été"))
                .containsExactly("don't", "stop", "rock'n'roll", "it’s", "l’été");
    }

    @Test
    void anApostropheThatDoesNotJoinTwoWordCharactersSeparates() {
        assertThat(Tokenizer.words("'quoted' ‘curly’ dogs' o''clock '’ rock'n'"))
                .containsExactly("quoted", "curly", "dogs", "o", "clock", "rock'n");
    }

    @Test
    void otherApostropheLikeCharactersSeparate() {
        assertThat(Tokenizer.words("it`s it´s itʼs")).containsExactly("it", "s", "it", "s", "itʼs");
    }

    @Test
    void wordsOfOtherScriptsIncludingCombiningMarks() {
        assertThat(Tokenizer.words("Привет, мир! Γειά σου κόσμε; مرحبا بالعالم، שלום"))
                .containsExactly("привет", "мир", "γειά", "σου", "κόσμε", "مرحبا", "بالعالم", "שלום");
        // Devanagari vowel signs and the virama are combining marks: one word, not split at them.
        assertThat(Tokenizer.words("नमस्ते दुनिया।")).containsExactly("नमस्ते", "दुनिया");
        // Scripts without spaces are not segmented; their punctuation still separates.
        assertThat(Tokenizer.words("日本語の文章、東京。")).containsExactly("日本語の文章", "東京");
    }

    @Test
    void doesNotNormalize() {
        String precomposed = "caf\u00e9";
        String decomposed = "cafe\u0301";
        assertThat(Tokenizer.words(precomposed + " " + decomposed.toUpperCase(Locale.ROOT)))
                .containsExactly(precomposed, decomposed);
        assertThat(Tokenizer.words("\u0301abc")).containsExactly("\u0301abc");
    }

    @Test
    void lowercasesWithTheRootLocaleWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr"));
        try {
            // Turkish rules would make "I" a dotless "ı"; the root locale makes it "i".
            assertThat(Tokenizer.words("TITLE İstanbul")).containsExactly("title", "i\u0307stanbul");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void decimalDigitsBelongToWordsOtherNumbersAndSymbolsDoNot() {
        assertThat(Tokenizer.words("In 2024, 3 dogs; route66 ٣٤ ½ ² 10% $5 3.14"))
                .containsExactly("in", "2024", "3", "dogs", "route66", "٣٤", "10", "5", "3", "14");
    }

    @Test
    void hyphensUnderscoresEmojiAndSymbolsSeparate() {
        assertThat(Tokenizer.words("e-mail snake_case state-of-the-art a😀b x+y=z a/b #tag @user"))
                .containsExactly("e", "mail", "snake", "case", "state", "of", "the", "art", "a", "b", "x", "y", "z",
                        "a", "b", "tag", "user");
    }

    @Test
    void emptyAndBlankLinesHaveNoWords() {
        assertThat(Tokenizer.words("")).isEmpty();
        assertThat(Tokenizer.words(" \t \r")).isEmpty();
        assertThat(Tokenizer.words("... — !!! 😀")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "The dog. THE DOG!|the dog the dog",
        "Don't stop rock'n'roll, l’été|don't stop rock'n'roll l’été",
        "it's it’s|it's it’s",
        "'quoted' ‘curly’ dogs' o''clock|quoted curly dogs o clock",
        "e-mail snake_case a😀b x+y|e mail snake case a b x y",
        "In 2024, 3.14 ½ route66 ٣٤|in 2024 3 14 route66 ٣٤",
        "Привет, мир! नमस्ते दुनिया।|привет мир नमस्ते दुनिया",
        "日本語の文章、東京|日本語の文章 東京",
        "İstanbul|i̇stanbul"})
    void splitsTheReadmeExamplesAsDocumented(String line, String words) {
        assertThat(Tokenizer.words(line)).containsExactly(words.split(" "));
    }

    @Test
    void findsExactlyTheWordsOfTheSpecifiedRegularExpressionInRandomLines() {
        // Word characters of every category (Lu Ll Lt Lm Lo Mn Mc Me Nd, in and beyond the BMP), both apostrophes,
        // look-alikes, separators, lone surrogates, and characters whose lowercase differs in length or by context.
        String[] alphabet = {"a", "Z", "é", "\u0301", "\u0903", "\u20dd", "1", "٣", "'", "’", "‘", "ʼ", "ǅ", "日",
            " ", "\t", "\r", "-", "_", "½", "😀", "𝐀", "\ud83d", "\ude00", "İ", "Σ"};
        Random random = new Random(20_240_101L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(16);
            for (int j = 0; j < length; j++) {
                line.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertThat(Tokenizer.words(line.toString())).as("words of \"%s\"", line)
                    .isEqualTo(IndependentWordCount.words(line.toString()));
        }
    }

    @Test
    void aMegabyteLineOfApostropheJoinedLettersIsOneWord() {
        String line = "A'".repeat(512 * 1024) + "a";

        assertThat(Tokenizer.words(line + "' next")).containsExactly(line.toLowerCase(Locale.ROOT), "next");
    }

    @Test
    void aMegabyteLongWordIsOneWord() {
        String word = "ab".repeat(512 * 1024);

        assertThat(Tokenizer.words(" " + word + ".")).containsExactly(word);
    }

    @Test
    void agreesWithAnIndependentCountOnTheSampleText() throws IOException {
        Path sample = Repository.root().resolve("test-data/words.txt");
        List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
        Map<String, Long> counts = new TreeMap<>();
        lines.forEach(line -> Tokenizer.words(line).forEach(word -> counts.merge(word, 1L, Long::sum)));

        assertThat(counts).isEqualTo(IndependentWordCount.of(lines));
    }

    @Test
    void tabsCarriageReturnsAndOtherWhitespaceSeparate() {
        assertThat(Tokenizer.words("one\ttwo\r\nthree\u00a0four\u2003five\r"))
                .containsExactly("one", "two", "three", "four", "five");
    }
}
