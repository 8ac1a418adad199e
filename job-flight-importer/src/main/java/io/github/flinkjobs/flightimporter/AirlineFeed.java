package io.github.flinkjobs.flightimporter;

import io.github.flinkjobs.core.config.Option;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.SkyOneAirlinesFlightData;
import io.github.flinkjobs.core.model.SunsetAirFlightData;
import java.net.URI;

/**
 * The two airline feeds, SkyOne Airlines and Sunset Air: for each, the name that is its default Kafka topic and its
 * {@code FlightData.source}, its topic option ({@code --skyone-topic}, {@code --sunset-topic}), its file input option
 * ({@code --skyone-input}, {@code --sunset-input}), and the parser of its records into {@link FlightData}. The
 * importer reads the feeds, the generator writes them.
 */
public enum AirlineFeed {
    SKYONE(FlightData.SKYONE, "SkyOne Airlines", new FlightParser<>(SkyOneAirlinesFlightData.class,
            SkyOneAirlinesFlightData.REQUIRED_FIELDS, SkyOneAirlinesFlightData.EMAIL_FIELD,
            SkyOneAirlinesFlightData::toFlightData)),
    SUNSET(FlightData.SUNSET, "Sunset Air", new FlightParser<>(SunsetAirFlightData.class,
            SunsetAirFlightData.REQUIRED_FIELDS, SunsetAirFlightData.EMAIL_FIELD, SunsetAirFlightData::toFlightData));

    private final String feedName;
    private final Option<String> topic;
    private final Option<URI> input;
    private final FlightParser<?> parser;

    AirlineFeed(String feedName, String airline, FlightParser<?> parser) {
        this.feedName = feedName;
        this.topic = Option.text(feedName + "-topic", "Kafka topic of the " + airline + " feed").withDefault(feedName);
        this.input = Option.path(feedName + "-input", "file mode: read the " + airline + " feed from this file, or"
                + " every visible file below this directory, instead of Kafka (bounded)");
        this.parser = parser;
    }

    /** The feed's name: its default topic, its {@code FlightData.source} and its generator output directory. */
    public String feedName() {
        return feedName;
    }

    /** The option naming the feed's Kafka topic. */
    public Option<String> topic() {
        return topic;
    }

    /** The option naming the feed's input files. */
    public Option<URI> input() {
        return input;
    }

    /** The parser of the feed's raw records. */
    public FlightParser<?> parser() {
        return parser;
    }
}
