package io.github.flinkjobs.wordcount;

import java.time.Instant;

/**
 * How often a word occurred in one tumbling window, as the job writes it: a JSON line
 * {@code {"word":"cat","count":2,"windowStart":"2099-01-01T10:15:00.000Z","windowEnd":"2099-01-01T10:15:05.000Z"}}
 * in part files and on stdout, or a row of table {@code word_counts} in PostgreSQL. A window that fires again for a
 * late record (within {@code --allowed-lateness}) produces the same word and window with the new, larger count.
 *
 * @param word the word
 * @param count its occurrences in the window
 * @param windowStart start of the window (inclusive)
 * @param windowEnd end of the window (exclusive)
 */
public record WordCount(String word, long count, Instant windowStart, Instant windowEnd) {
}
