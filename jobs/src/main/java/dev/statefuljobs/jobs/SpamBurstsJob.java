package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.ChatMessage;
import dev.statefuljobs.common.format.ChatMessageFormat;
import dev.statefuljobs.common.pipeline.Pipeline;
import dev.statefuljobs.common.pipeline.StreamingJob;
import dev.statefuljobs.common.time.Durations;
import dev.statefuljobs.common.window.Count;
import dev.statefuljobs.common.window.WindowedAggregation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;

import java.time.Duration;

/**
 * The seed's "analyze messages per minute to detect spam bursts": an alert when a user sends more than
 * {@code --threshold} (10) chat messages within a minute.
 *
 * <pre>
 * Spark:  messages.groupBy(window("timestamp", "1 minute", "10 seconds"), "user_id").count()
 *                 .filter(col("count") &gt; threshold)
 * Flink:  messages.keyBy(userId).window(SlidingEventTimeWindows.of(1 min, 10 s)).aggregate(count)
 *                 .filter(over threshold).keyBy(userId).process(one alert per burst)
 * </pre>
 *
 * The window slides: with tumbling minutes, a burst straddling a minute boundary (6 messages at 10:00:50,
 * 6 at 10:01:05) would be split into two windows under the threshold and missed. A sliding window sees every
 * minute-long stretch (to a 10 s step), so a burst shows in several overlapping windows; {@link OneAlertPerBurst}
 * reports it once.
 */
public final class SpamBurstsJob implements StreamingJob {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration SLIDE = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "spam-bursts";
    }

    @Override
    public String description() {
        return "Alert when a user sends more than --threshold messages within a minute (seed: spam bursts)";
    }

    @Override
    public String sampleName() {
        return "spam-bursts";
    }

    @Override
    public String defaultTopic() {
        return "chat-messages";
    }

    @Override
    public void build(Pipeline pipeline) {
        int threshold = pipeline.options().integer("threshold", 10);

        DataStream<ChatMessage> messages = pipeline.events(new ChatMessageFormat());
        WindowedAggregation<ChatMessage, String> perUserPerMinute = WindowedAggregation
                .of(pipeline, messages.keyBy(m -> m.userId, Types.STRING))
                .window(SlidingEventTimeWindows.of(WINDOW, SLIDE));
        DataStream<MessageCount> counts = perUserPerMinute
                .aggregate(new Count<ChatMessage>(), MessageCount::new, MessageCount.class)
                .named("count messages per user per " + Durations.format(WINDOW) + " window sliding by "
                        + Durations.format(SLIDE), "count-messages-per-sliding-window");

        pipeline.emit(counts
                .filter(count -> count.messages > threshold).name("more than " + threshold + " messages")
                .keyBy(count -> count.userId, Types.STRING)
                .process(new OneAlertPerBurst(SLIDE, perUserPerMinute.allowedLateness()))
                .name("one alert per burst").uid("one-alert-per-burst"));
    }
}
