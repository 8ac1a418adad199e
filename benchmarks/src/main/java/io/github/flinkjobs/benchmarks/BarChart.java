package io.github.flinkjobs.benchmarks;

import io.github.flinkjobs.benchmarks.Results.VariantRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The results as an SVG chart drawn without any library: one horizontal bar per variant, its median records per
 * CPU-second, labelled with the number and its ratio to B0 of the same run; with a "before" run, a grey bar of the
 * before run above each bar of the current one.
 */
public final class BarChart {

    private static final int WIDTH = 960;
    private static final int LABEL_WIDTH = 330;
    private static final int BAR_AREA = 420;
    private static final int BAR_HEIGHT = 16;
    private static final int TOP = 50;
    private static final String CURRENT_COLOR = "#2b6cb0";
    private static final String BEFORE_COLOR = "#b0b7c3";

    private BarChart() {
    }

    /** The chart of {@code results}, with {@code before} bars when given. */
    public static String svg(Results results, Optional<Results> before) {
        List<VariantRuns> variants = results.variants();
        double max = 0;
        for (VariantRuns variant : variants) {
            max = Math.max(max, variant.recordsPerCpuSecond().median());
            Optional<VariantRuns> earlier = before.flatMap(b -> b.variant(variant.key()));
            if (earlier.isPresent()) {
                max = Math.max(max, earlier.get().recordsPerCpuSecond().median());
            }
        }
        int rowHeight = before.isPresent() ? 2 * BAR_HEIGHT + 12 : BAR_HEIGHT + 12;
        int height = TOP + variants.size() * rowHeight + 30;
        List<String> shapes = new ArrayList<>();
        shapes.add(text(10, 22, "bold", "Records per CPU-second of the process (in-JVM Kafka broker included),"
                + " median; ratio to B0 of the same run"));
        if (before.isPresent()) {
            shapes.add(rect(10, 32, 12, 10, BEFORE_COLOR));
            shapes.add(text(26, 41, "normal", "before (" + before.get().label() + ")"));
            shapes.add(rect(190, 32, 12, 10, CURRENT_COLOR));
            shapes.add(text(206, 41, "normal", "now (" + results.label() + ")"));
        }
        int y = TOP;
        for (VariantRuns variant : variants) {
            shapes.add(text(10, y + BAR_HEIGHT - 3 + (before.isPresent() ? BAR_HEIGHT / 2 : 0), "normal",
                    variant.title()));
            int barY = y;
            Optional<VariantRuns> earlier = before.flatMap(b -> b.variant(variant.key()));
            if (before.isPresent()) {
                if (earlier.isPresent()) {
                    shapes.addAll(bar(barY, earlier.get(), before.get(), max, BEFORE_COLOR));
                }
                barY += BAR_HEIGHT + 2;
            }
            shapes.addAll(bar(barY, variant, results, max, CURRENT_COLOR));
            y += rowHeight;
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH,
                height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        shapes.forEach(shape -> svg.append(shape).append('\n'));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static List<String> bar(int y, VariantRuns variant, Results run, double max, String color) {
        double median = variant.recordsPerCpuSecond().median();
        int length = max <= 0 ? 0 : (int) Math.round(BAR_AREA * median / max);
        String label = String.format(Locale.ROOT, "%,.0f", median) + run.variant(Report.BASELINE)
                .map(b0 -> " · " + Report.ratio(median, b0.recordsPerCpuSecond().median()) + " B0")
                .orElse("");
        return List.of(rect(LABEL_WIDTH, y, Math.max(length, 1), BAR_HEIGHT, color),
                text(LABEL_WIDTH + length + 6, y + BAR_HEIGHT - 3, "normal", label));
    }

    private static String rect(int x, int y, int width, int height, String color) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", x, y,
                width, height, color);
    }

    private static String text(int x, int y, String weight, String content) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"%s\">%s</text>", x, y, weight,
                escape(content));
    }

    /** The text with XML's special characters escaped. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
