package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** spam-bursts: one alert per burst, however many overlapping sliding windows the burst spans. */
class SpamBurstsJobTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    private static final StreamingJob JOB = JobCatalog.SPAM_BURSTS;

    static String message(String user, String time) {
        return "{\"user_id\":\""
                + user
                + "\",\"message\":\"BUY NOW\",\"timestamp\":\"2025-03-29T"
                + time
                + "Z\"}";
    }

    static String alert(String user, String start, String end, long messages) {
        return "{\"user_id\":\""
                + user
                + "\",\"window_start\":\"2025-03-29T"
                + start
                + "Z\",\"window_end\":\"2025-03-29T"
                + end
                + "Z\",\"messages\":"
                + messages
                + "}";
    }

    /**
     * 12 messages from 10:00:50 to 10:01:10: over 10 in five windows (ends 10:01:10 .. 10:01:50).
     */
    static List<String> burstAcrossAMinuteBoundary(String user) {
        List<String> lines = new ArrayList<>();
        for (int s = 50; s <= 55; s++) lines.add(message(user, "10:00:" + s));
        for (int s = 5; s <= 10; s++) lines.add(message(user, String.format("10:01:%02d", s)));
        return lines;
    }

    @Test
    void aBurstSpanningSeveralOverlappingWindowsGivesOneAlertForItsFirstWindow() throws Exception {
        JobRun run = JobRun.of(JOB, burstAcrossAMinuteBoundary("u1"));
        // Tumbling minutes would see 6 + 6 and miss it; the first sliding window over 10 is
        // [10:00:10, 10:01:10).
        assertEquals(List.of(alert("u1", "10:00:10", "10:01:10", 11)), run.results());
    }

    @Test
    void twoSeparateBurstsGiveTwoAlerts() throws Exception {
        List<String> lines = new ArrayList<>(burstAcrossAMinuteBoundary("u1"));
        for (int s = 0; s <= 10; s++) lines.add(message("u1", String.format("10:05:%02d", s)));
        JobRun run = JobRun.of(JOB, lines);
        assertEquals(
                List.of(
                        alert("u1", "10:00:10", "10:01:10", 11),
                        alert("u1", "10:04:20", "10:05:20", 11)),
                run.results());
    }

    @Test
    void theSampleHasTwoBurstsOfOneUserAndNoneOfTheOther() throws Exception {
        JobRun run = JobRun.withArgs(JOB, "--web-ui", "off");
        assertEquals(
                List.of(
                        alert("u1", "10:00:10", "10:01:10", 11),
                        alert("u1", "10:04:20", "10:05:20", 11)),
                run.results());
    }

    @Test
    void theThresholdIsAFlag() throws Exception {
        JobRun run = JobRun.of(JOB, burstAcrossAMinuteBoundary("u1"), "--threshold", "11");
        assertEquals(List.of(alert("u1", "10:00:20", "10:01:20", 12)), run.results());
        assertEquals(
                List.of(),
                JobRun.of(JOB, burstAcrossAMinuteBoundary("u1"), "--threshold", "12").results());
    }
}
