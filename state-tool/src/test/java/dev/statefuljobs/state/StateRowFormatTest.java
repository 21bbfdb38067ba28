package dev.statefuljobs.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.job.StreamingJob;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The row format's edges, and the sentence for a job the tool has no layout for. */
class StateRowFormatTest {

    private static final StateRowFormat<Double> TOTALS =
            new StateRowFormat<>("userId", new JobStates.Total(), true);

    @Test
    void aDeadlineAtTheEndOfTimeRoundTrips() throws Exception {
        // GroupState keeps Long.MAX_VALUE for "at the end of input".
        String line = TOTALS.toJson("user1", 1.0, Long.MAX_VALUE);
        assertEquals(
                "{\"userId\":\"user1\",\"total\":1.0,\"timeout_at\":\"+292278994-08-17T07:12:55.807Z\"}",
                line);
        assertEquals(Long.MAX_VALUE, TOTALS.parse(line).timeoutAt());
    }

    @Test
    void aPendingTimeoutWithoutAValueRoundTrips() throws Exception {
        String line = TOTALS.toJson("user1", null, 1_700_000_000_000L);
        assertEquals("{\"userId\":\"user1\",\"timeout_at\":\"2023-11-14T22:13:20Z\"}", line);
        StateRowFormat.Row<Double> row = TOTALS.parse(line);
        assertNull(row.value());
        assertEquals(1_700_000_000_000L, row.timeoutAt());
    }

    @Test
    void deadlinesAreAfterTheEpoch() {
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class,
                        () ->
                                TOTALS.parse(
                                        "{\"userId\":\"u\",\"total\":1.0,"
                                                + "\"timeout_at\":\"1970-01-01T00:00:00Z\"}"));
        assertEquals(
                "field 'timeout_at' must be after 1970-01-01T00:00:00Z, got '1970-01-01T00:00:00Z'",
                e.getMessage());
    }

    @Test
    void aJobWithoutALayoutIsOneSentence() {
        StreamingJob tws =
                new StreamingJob("tws-job", "a job", "x", "x", List.of(), (a, b, c) -> {});
        OperatorLayout layout = JobStates.find(tws, JobFlags.parse("tws-job", List.of()), null);
        assertEquals(
                "Reading and writing state is not yet supported for tws-job: scripts/state.sh has"
                        + " no layout for its operators (docs/state.md lists the jobs it supports).",
                ((OperatorLayout.Unsupported) layout).sentence());
    }
}
