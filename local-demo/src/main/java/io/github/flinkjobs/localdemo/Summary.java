package io.github.flinkjobs.localdemo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the flights pipeline produced, read back once every job has ended: the records of each topic, the rows of
 * PostgreSQL table {@code user_statistics}, and each user's totals both as PostgreSQL holds them and as the last
 * record of the user in topic {@code userstatistics}. {@link #problems()} lists what does not add up.
 *
 * @param bookings the records of each feed topic, the demo's bad bookings included
 * @param badBookings how many of them the demo wrote to each feed topic to show dead letters (the rest are generated)
 * @param flights the records of topic {@code flightdata}
 * @param deadLetters the records of each dead-letter topic
 * @param deadLetterReasons the dead letters per reason
 * @param statistics the records of topic {@code userstatistics}
 * @param database each user's row of {@code user_statistics}, busiest first
 * @param topic each user's last record in topic {@code userstatistics}, busiest first
 */
record Summary(
        Map<String, Long> bookings,
        Map<String, Integer> badBookings,
        long flights,
        Map<String, Long> deadLetters,
        Map<String, Long> deadLetterReasons,
        long statistics,
        List<UserTotals> database,
        List<UserTotals> topic) {

    /** Most flights first, then the longest total flight time, then by email address. */
    static final Comparator<UserTotals> BUSIEST_FIRST = Comparator.comparingLong(UserTotals::flights).reversed()
            .thenComparing(Comparator.comparingLong(UserTotals::totalFlightSeconds).reversed())
            .thenComparing(UserTotals::emailAddress);

    /**
     * One user's totals.
     *
     * @param emailAddress the user
     * @param flights number of flights
     * @param totalFlightSeconds their summed duration in whole seconds
     */
    record UserTotals(String emailAddress, long flights, long totalFlightSeconds) {

        /** The flights and their total duration in hours and minutes, as the summary prints them. */
        String described() {
            return String.format("%4d flights %5dh%02dm", flights, totalFlightSeconds / 3600,
                    totalFlightSeconds / 60 % 60);
        }
    }

    /** Records in the feed topics. */
    long allBookings() {
        return sum(bookings);
    }

    /** Bookings the generator wrote. */
    long generated() {
        return allBookings() - allBadBookings();
    }

    /** Bookings the demo wrote. */
    long allBadBookings() {
        return badBookings.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** Records in every dead-letter topic. */
    long allDeadLetters() {
        return sum(deadLetters);
    }

    /** Dead letters of the feeds, that is of the importer. */
    long feedDeadLetters() {
        return bookings.keySet().stream().mapToLong(feed -> deadLetters.getOrDefault(DemoTopics.deadLetters(feed), 0L))
                .sum();
    }

    /** Rows of {@code user_statistics}. */
    long rows() {
        return database.size();
    }

    /** The users with the most flights, as PostgreSQL holds them. */
    List<UserTotals> top(int users) {
        return database.subList(0, Math.min(users, database.size()));
    }

    /** What does not add up; empty when every booking is accounted for and the two outputs agree. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (allBookings() != flights + feedDeadLetters()) {
            problems.add(allBookings() + " bookings, but " + flights + " flights and " + feedDeadLetters()
                    + " dead letters of the feeds");
        }
        long counted = database.stream().mapToLong(UserTotals::flights).sum();
        if (counted != flights) {
            problems.add("user_statistics counts " + counted + " flights of the " + flights + " imported");
        }
        if (!database.equals(topic)) {
            problems.add("user_statistics and the last records of " + DemoTopics.STATISTICS + " differ");
        }
        return problems;
    }

    /** Prints the summary and the {@code users} busiest users from both outputs. */
    void print(PrintStream out, int users) {
        Map<String, Long> generatedPerFeed = new TreeMap<>();
        bookings.forEach((feed, count) -> generatedPerFeed.put(feed, count - badBookings.getOrDefault(feed, 0)));
        out.printf("%nSummary: every job has ended; the importer and usage-stats were drained first, so their last"
                + " windows fired%n");
        out.printf("  %-13s %6d bookings (%s), plus %d bad ones written by the demo%n", "generated", generated(),
                perTopic(generatedPerFeed), allBadBookings());
        out.printf("  %-13s %6d flights in %s%n", "imported", flights, DemoTopics.FLIGHTS);
        out.printf("  %-13s %6d (%s)%s%n", "dead letters", allDeadLetters(), perTopic(deadLetters),
                deadLetterReasons.isEmpty() ? "" : ": " + perTopic(deadLetterReasons));
        out.printf("  %-13s %6d records in %s, the last ones for %d users%n", "statistics", statistics,
                DemoTopics.STATISTICS, topic.size());
        out.printf("  %-13s %6d in PostgreSQL table user_statistics%n", "rows", rows());
        List<String> problems = problems();
        if (problems.isEmpty()) {
            out.printf("  %-13s %d bookings = %d flights + %d dead letters; user_statistics counts all %d flights;"
                    + " it equals the last record of each user in %s%n", "checked", allBookings(), flights,
                    feedDeadLetters(), flights, DemoTopics.STATISTICS);
        } else {
            problems.forEach(problem -> out.printf("  %-13s %s%n", "MISMATCH", problem));
        }
        out.printf("%n  %-34s %-28s %s%n", "top " + users + " users by flights", "PostgreSQL user_statistics",
                "topic " + DemoTopics.STATISTICS);
        List<UserTotals> top = top(users);
        for (UserTotals user : top) {
            String inTopic = topic.stream().filter(t -> t.emailAddress().equals(user.emailAddress()))
                    .map(UserTotals::described).findFirst().orElse("(none)");
            out.printf("  %-34s %-28s %s%n", user.emailAddress(), user.described(), inTopic);
        }
        out.println();
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String perTopic(Map<String, Long> counts) {
        return new TreeMap<>(counts).entrySet().stream().map(entry -> entry.getValue() + " " + entry.getKey())
                .collect(Collectors.joining(", "));
    }
}
