package dev.statefuljobs.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spark interval strings and their short forms, as accepted by setTimeoutDuration/Timestamp. */
class SparkIntervalsTest {

    @ParameterizedTest
    @CsvSource({
        "30 seconds, 30000",
        "1 hour, 3600000",
        "10 minutes, 600000",
        "500 milliseconds, 500",
        "1 second, 1000",
        "2 days, 172800000",
        "1 week, 604800000",
        "1 hour 30 minutes, 5400000",
        "interval 10 minutes, 600000",
        "30s, 30000",
        "1h, 3600000",
        "10m, 600000",
        "500ms, 500",
        "1h30m, 5400000",
        "' 1 HOUR ', 3600000",
        "1.5 seconds, 1500",
        "0 seconds, 0"
    })
    void parses(String text, long millis) {
        assertThat(Durations.toMillis(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "seconds",
                "30",
                "30 fortnights",
                "1 month",
                "1 year",
                "30 seconds later"
            })
    void rejectsWhatSparkCannotUseAsATimeout(String text) {
        assertThatThrownBy(() -> Durations.toMillis(text))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1 second", "-30s", "1 hour -2 hours"})
    void rejectsNegativeDurationsWithSparksMessage(String text) {
        assertThatThrownBy(() -> Durations.toMillis(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Provided duration (" + text + ") is negative");
    }
}
