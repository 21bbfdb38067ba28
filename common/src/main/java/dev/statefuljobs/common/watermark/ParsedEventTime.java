package dev.statefuljobs.common.watermark;

import dev.statefuljobs.common.io.Parsed;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Applies a job's {@link WatermarkStrategy} for its events to the parsed records a source yields,
 * which are events or dead letters. Dead letters carry no event time ({@code Long.MIN_VALUE}) and
 * never move the watermark, but they do count as activity for {@code withIdleness}. Two
 * source-level choices are added here:
 *
 * <ul>
 *   <li>idleness ({@code --idle-timeout}): an input split without records for this long stops
 *       holding the watermark back;
 *   <li>per-event emission ({@code --watermarks per-event}): the watermark is emitted after every
 *       event rather than on Flink's periodic timer, so which records are late in a replay of a
 *       file does not depend on the wall clock. The samples and the tests use it.
 * </ul>
 */
public final class ParsedEventTime {

    private ParsedEventTime() {}

    public static <E> WatermarkStrategy<Parsed<E>> of(
            WatermarkStrategy<E> eventTime, boolean perEvent, Duration idleTimeout) {
        return new Lifted<>(eventTime, perEvent).withIdleness(idleTimeout);
    }

    private static final class Lifted<E> implements WatermarkStrategy<Parsed<E>> {
        private static final long serialVersionUID = 1L;

        private final WatermarkStrategy<E> events;
        private final boolean perEvent;

        Lifted(WatermarkStrategy<E> events, boolean perEvent) {
            this.events = events;
            this.perEvent = perEvent;
        }

        @Override
        public WatermarkGenerator<Parsed<E>> createWatermarkGenerator(
                WatermarkGeneratorSupplier.Context context) {
            return new EventsOnly<>(events.createWatermarkGenerator(context), perEvent);
        }

        @Override
        public TimestampAssigner<Parsed<E>> createTimestampAssigner(
                TimestampAssignerSupplier.Context context) {
            TimestampAssigner<E> assigner = events.createTimestampAssigner(context);
            return (parsed, previous) ->
                    parsed.isValid()
                            ? assigner.extractTimestamp(parsed.event, previous)
                            : Long.MIN_VALUE;
        }
    }

    /** Feeds only events to the job's generator and, per event, asks it for its watermark. */
    private static final class EventsOnly<E> implements WatermarkGenerator<Parsed<E>> {
        private final WatermarkGenerator<E> events;
        private final boolean perEvent;

        EventsOnly(WatermarkGenerator<E> events, boolean perEvent) {
            this.events = events;
            this.perEvent = perEvent;
        }

        @Override
        public void onEvent(Parsed<E> parsed, long timestamp, WatermarkOutput output) {
            if (parsed.isValid()) {
                events.onEvent(parsed.event, timestamp, output);
                if (perEvent) {
                    // Flink drops a watermark that does not advance, so asking after every event is
                    // safe.
                    events.onPeriodicEmit(output);
                }
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            events.onPeriodicEmit(output);
        }
    }
}
