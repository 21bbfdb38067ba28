package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.ChatMessage;
import dev.statefuljobs.common.flags.Flag;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.ChatMessageFormat;
import dev.statefuljobs.common.job.Sinks;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.time.Durations;
import dev.statefuljobs.common.window.Count;
import dev.statefuljobs.common.window.WindowedAggregation;
import dev.statefuljobs.common.window.WindowedAggregation.Windowed;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;

/**
 * The seed's "analyze messages per minute to detect spam bursts": an alert when a user sends more
 * than {@code --threshold} (10) chat messages within a minute.
 *
 * <pre>
 * Spark:  messages.groupBy(window("timestamp", "1 minute", "10 seconds"), "user_id").count()
 *                 .filter(col("count") &gt; threshold)
 * Flink:  messages.keyBy(userId).window(SlidingEventTimeWindows.of(1 min, 10 s)).aggregate(count)
 *                 .filter(over threshold).keyBy(userId).process(one alert per burst)
 * </pre>
 *
 * The window slides: with tumbling minutes, a burst straddling a minute boundary (6 messages at
 * 10:00:50, 6 at 10:01:05) would be split into two windows under the threshold and missed. A
 * sliding window sees every minute-long stretch (to a 10 s step), so a burst shows in several
 * overlapping windows; {@link OneAlertPerBurst} reports it once.
 */
public final class SpamBurstsJob {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration SLIDE = Duration.ofSeconds(10);

    public static final Flag<Integer> THRESHOLD =
            Flag.integer(
                    "threshold",
                    10,
                    "Alert when a user sends more than this many messages within a minute.");

    private SpamBurstsJob() {}

    /** The dataflow, which {@code main}, the tests and the benchmarks all build. */
    public static void build(Sources sources, Sinks sinks, JobFlags flags) {
        // Events: chat messages, {"user_id","message","timestamp"}; a line that does not parse is a
        // dead letter.
        // Event time: each message's timestamp, with watermarks --out-of-orderness behind the
        // newest.
        DataStream<ChatMessage> messages =
                sources.events(
                        new ChatMessageFormat(),
                        WatermarkStrategy.<ChatMessage>forBoundedOutOfOrderness(
                                        flags.get(Flags.OUT_OF_ORDERNESS))
                                .withTimestampAssigner((message, previous) -> message.timestamp));

        // Key and window: per user, 1-minute windows sliding by 10 s, counted.
        Duration allowedLateness = flags.get(Flags.ALLOWED_LATENESS);
        Windowed<MessageCount, ChatMessage> counts =
                WindowedAggregation.of(messages.keyBy(message -> message.userId, Types.STRING))
                        .window(SlidingEventTimeWindows.of(WINDOW, SLIDE))
                        .allowedLateness(allowedLateness)
                        .aggregate(new Count<ChatMessage>(), MessageCount::new, MessageCount.class)
                        .named(
                                "count messages per user per "
                                        + Durations.format(WINDOW)
                                        + " window sliding by "
                                        + Durations.format(SLIDE),
                                "count-messages-per-sliding-window");

        // State: the windows over --threshold, one alert per burst however many windows see it.
        int threshold = flags.get(THRESHOLD);
        DataStream<MessageCount> alerts =
                counts.results()
                        .filter(count -> count.messages > threshold)
                        .name("more than " + threshold + " messages")
                        .keyBy(count -> count.userId, Types.STRING)
                        .process(new OneAlertPerBurst(SLIDE, allowedLateness))
                        .name("one alert per burst")
                        .uid("one-alert-per-burst");

        // Emit: the alerts; messages too late for all their windows go to the late output.
        sinks.results(alerts);
        sinks.late(counts.late());
    }
}
