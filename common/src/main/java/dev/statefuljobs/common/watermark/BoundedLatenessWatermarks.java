package dev.statefuljobs.common.watermark;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

import java.time.Duration;

/**
 * Flink's bounded out-of-orderness watermarks (watermark = max event time - bound - 1 ms), with one choice
 * added: emit on every event that advances the watermark, or periodically.
 *
 * <p>Periodic emission (Flink's default, every {@code pipeline.auto-watermark-interval}) is cheaper at high
 * rates but makes the moment a watermark appears depend on the wall clock, so whether a record is late
 * depends on timing. Per-event emission makes a run over a file exactly reproducible: the samples, the
 * tests and the late-data demo use it.
 */
public final class BoundedLatenessWatermarks<T> implements WatermarkGenerator<T> {

    private final long bound;
    private final boolean perEvent;
    private long maxTimestamp;
    private long lastEmitted = Long.MIN_VALUE;

    public BoundedLatenessWatermarks(Duration outOfOrderness, boolean perEvent) {
        this.bound = outOfOrderness.toMillis();
        this.perEvent = perEvent;
        // Start so that the first watermark computation cannot underflow.
        this.maxTimestamp = Long.MIN_VALUE + bound + 1;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > maxTimestamp) {
            maxTimestamp = eventTimestamp;
            if (perEvent) {
                emit(output);
            }
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        emit(output);
    }

    private void emit(WatermarkOutput output) {
        long watermark = maxTimestamp - bound - 1;
        if (watermark > lastEmitted) {
            lastEmitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
