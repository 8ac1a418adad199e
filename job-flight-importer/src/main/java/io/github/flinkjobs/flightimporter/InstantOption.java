package io.github.flinkjobs.flightimporter;

import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.Option;
import io.github.flinkjobs.core.json.Json;
import java.time.Instant;
import java.util.Optional;

/** An option whose value is an ISO-8601 time with an offset ({@code 2099-01-01T00:00:00Z}), checked when parsed. */
final class InstantOption {

    private InstantOption() {
    }

    /** A text option that only accepts an ISO-8601 time with an offset. */
    static Option<String> of(String name, String description) {
        return Option.text(name, description).checked("an ISO-8601 time with an offset such as 2099-01-01T00:00:00Z",
                text -> {
                    Json.parseInstant(text.trim());
                    return text.trim();
                });
    }

    /** The option's value as an instant, if it has one. */
    static Optional<Instant> value(JobConfig config, Option<String> option) {
        return config.getOptional(option).map(Json::parseInstant);
    }
}
