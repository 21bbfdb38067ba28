package dev.statefuljobs.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "30s,30000",
        "1m,60000",
        "1h,3600000",
        "500ms,500",
        "1d,86400000",
        "30 seconds,30000",
        "1 hour,3600000",
        "10 minutes,600000",
        "PT15M,900000",
        "0,0"
    })
    void parsesFlinkSparkAndIsoForms(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "10 parsecs", "-1s"})
    void refusesNonsense(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"60000,1m", "3600000,1h", "900000,15m", "30000,30s", "1500,1500ms"})
    void formatsShortly(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
    }
}
