package io.github.flinkjobs.benchmarks;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Lines of English-looking text for word count, the same for the same seed: sentences of 6 to 17 words drawn from
 * about 200 common words, the frequent ones far more often (as in real text), capitalized, with the odd comma and a
 * full stop, question or exclamation mark at the end.
 */
final class Sentences {

    private static final List<String> WORDS = List.of((
            "the of and to a in is it you that he was for on are with as I his they be at one have this from or had"
            + " by not word but what some we can out other were all there when up use your how said an each she"
            + " which do their time if will way about many then them write would like so these her long make thing"
            + " see him two has look more day could go come did number sound no most people my over know water than"
            + " call first who may down side been now find any new work part take get place made live where after"
            + " back little only round man year came show every good me give our under name very through just form"
            + " sentence great think say help low line differ turn cause much mean before move right boy old too same"
            + " tell does set three want air well also play small end put home read hand port large spell add even"
            + " land here must big high such follow act why ask men change went light kind off need house picture"
            + " try us again animal point mother world near build self earth father head stand own page should"
            + " country found answer school grow study still learn plant cover food sun four between state keep eye"
            + " never last let thought city tree cross farm hard start might story saw far sea draw left late run"
            + " don't while press close night real life few north flight airport weather").split(" "));

    private static final String ENDINGS = "...?!";

    private final SplittableRandom random;

    Sentences(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next line. */
    String next() {
        int length = 6 + random.nextInt(12);
        StringBuilder line = new StringBuilder(length * 6);
        for (int i = 0; i < length; i++) {
            String word = word();
            if (i == 0) {
                line.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            } else {
                line.append(random.nextInt(10) == 0 ? ", " : " ").append(word);
            }
        }
        return line.append(ENDINGS.charAt(random.nextInt(ENDINGS.length()))).toString();
    }

    /** A word, the first ones of the list much more often than the last: roughly Zipf's law. */
    private String word() {
        double skewed = Math.pow(random.nextDouble(), 3);
        return WORDS.get((int) (skewed * WORDS.size()));
    }
}
