package dev.statefuljobs.common.io;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Events an operator found too late, on their way to the late output: a window operator's late side
 * output (with its window assigner, so the late record can name the window it missed), or a
 * GroupState operator's (no window).
 *
 * @param events the late events, with their timestamps, straight from the operator's side output
 * @param windows the window assigner the events were late for, or null
 */
public record LateEvents<E>(DataStream<E> events, WindowAssigner<? super E, TimeWindow> windows) {

    /** Late events of an operator without windows. */
    public static <E> LateEvents<E> of(DataStream<E> events) {
        return new LateEvents<>(events, null);
    }
}
