package io.github.flinkjobs.benchmarks;

import java.util.Arrays;

/**
 * The median, smallest and largest of some measurements.
 *
 * @param median the middle value (the mean of the two middle values of an even count)
 * @param min the smallest value
 * @param max the largest value
 */
public record Stats(double median, double min, double max) {

    /**
     * The statistics of {@code values}.
     *
     * @throws IllegalArgumentException when there are none
     */
    public static Stats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Stats(median, sorted[0], sorted[sorted.length - 1]);
    }
}
