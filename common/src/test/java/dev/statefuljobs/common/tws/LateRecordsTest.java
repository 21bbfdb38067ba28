package dev.statefuljobs.common.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.statefuljobs.common.testing.Backend;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * In {@link TimeMode#EventTime}, records at or behind the watermark go to the late output and are
 * counted; they never reach handleInputRows.
 */
class LateRecordsTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void recordsAtOrBehindTheWatermarkGoToTheLateOutput(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), TimeMode.EventTime, backend)) {
            long watermark = t.now();
            t.sendAt("u1 set at-the-watermark", watermark);
            t.sendAt("u1 append behind-it", watermark - 1);

            assertThat(t.harness.getSideOutput(TransformWithState.lateRecordsTag(Types.STRING)))
                    .extracting(StreamRecord::getValue, StreamRecord::getTimestamp)
                    .containsExactly(
                            tuple("u1 set at-the-watermark", watermark),
                            tuple("u1 append behind-it", watermark - 1));
            assertThat(late(t)).hasSize(2);
            assertThat(t.stateEntries()).isZero(); // neither was handled
            assertThat(t.ask("u1 exists")).containsExactly("u1 " + ValueStateTest.NOTHING);

            t.sendAt("u1 set just-after", watermark + 1);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=just-after");
            assertThat(late(t)).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRecordWithoutTimestampIsNotLate(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), TimeMode.EventTime, backend)) {
            t.sendAt("u1 set no-timestamp", null);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=no-timestamp");
            assertThat(late(t)).isNullOrEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void processingTimeHasNoLateRecords(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), TimeMode.ProcessingTime, backend)) {
            t.harness.processWatermark(5_000);
            t.sendAt("u1 set old", 10L);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=old");
            assertThat(t.harness.getSideOutput(TransformWithState.lateRecordsTag(Types.STRING)))
                    .isNull();
            assertThat(late(t)).isNullOrEmpty();
        }
    }

    /**
     * What went to the late side output; counted once, where a job describes it for its late
     * output.
     */
    private static java.util.Collection<StreamRecord<String>> late(TwsHarness t) {
        return t.harness.getSideOutput(TransformWithState.lateRecordsTag(Types.STRING));
    }
}
