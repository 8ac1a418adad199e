package io.github.flinkjobs.localdemo;

import io.github.flinkjobs.core.JobIo;
import java.util.List;
import java.util.stream.Stream;

/** The topics of the flights pipeline, as the demo creates them and names them to the jobs. */
final class DemoTopics {

    static final String SKYONE = "skyone";
    static final String SUNSET = "sunset";
    static final List<String> FEEDS = List.of(SKYONE, SUNSET);
    static final String FLIGHTS = "flightdata";
    static final String STATISTICS = "userstatistics";

    /** Every topic is created with this many partitions, as in the docker stack. */
    static final int PARTITIONS = 2;

    /** The jobs' inputs, whose bad records go to dead-letter topics. */
    static final List<String> INPUTS = List.of(SKYONE, SUNSET, FLIGHTS);

    private DemoTopics() {
    }

    /** The dead-letter topic of input topic {@code topic}. */
    static String deadLetters(String topic) {
        return topic + JobIo.DLQ_SUFFIX;
    }

    /** The dead-letter topics. */
    static List<String> allDeadLetters() {
        return INPUTS.stream().map(DemoTopics::deadLetters).toList();
    }

    /** Every topic of the pipeline. */
    static List<String> all() {
        return Stream.concat(Stream.of(SKYONE, SUNSET, FLIGHTS, STATISTICS), allDeadLetters().stream()).toList();
    }
}
