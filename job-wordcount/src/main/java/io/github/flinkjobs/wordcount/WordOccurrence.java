package io.github.flinkjobs.wordcount;

import java.time.Instant;

/**
 * One occurrence of a word in a line, at the line's event time: what the windows count. Lines that arrive after their
 * window closed are dead letters before they are split; should an occurrence still reach its window too late, it
 * would go to the dead letters as this record in JSON, {@code {"word":"cat","time":"..."}}, naming the window it
 * missed.
 *
 * @param word the word, as the {@link Tokenizer} produced it
 * @param time the event time of the line the word is in
 */
public record WordOccurrence(String word, Instant time) {
}
