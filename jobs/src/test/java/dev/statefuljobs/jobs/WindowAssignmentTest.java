package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spark's window(ts, "1 minute"): epoch-aligned, start inclusive, end exclusive. */
class WindowAssignmentTest {

    private static final WindowAssigner.WindowAssignerContext NO_CONTEXT =
            new WindowAssigner.WindowAssignerContext() {
                @Override
                public long getCurrentProcessingTime() {
                    return 0;
                }
            };

    @ParameterizedTest(name = "{0} falls in [{1}, {2})")
    @CsvSource({
        "2023-07-30T10:00:00Z,     2023-07-30T10:00:00Z, 2023-07-30T10:01:00Z",
        "2023-07-30T10:00:59.999Z, 2023-07-30T10:00:00Z, 2023-07-30T10:01:00Z",
        "2023-07-30T10:01:00Z,     2023-07-30T10:01:00Z, 2023-07-30T10:02:00Z",
        "2023-07-30T10:01:20Z,     2023-07-30T10:01:00Z, 2023-07-30T10:02:00Z",
    })
    void oneMinuteWindowsAreEpochAlignedAndHalfOpen(String ts, String start, String end) {
        Collection<TimeWindow> windows =
                TumblingEventTimeWindows.of(Duration.ofMinutes(1))
                        .assignWindows(null, Instant.parse(ts).toEpochMilli(), NO_CONTEXT);
        assertEquals(
                List.of(
                        new TimeWindow(
                                Instant.parse(start).toEpochMilli(),
                                Instant.parse(end).toEpochMilli())),
                List.copyOf(windows));
    }
}
