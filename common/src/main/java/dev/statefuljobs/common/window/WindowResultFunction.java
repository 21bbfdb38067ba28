package dev.statefuljobs.common.window;

import java.io.Serializable;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Builds a job's result from the key, the window and the aggregate, e.g. {@code ClickCount::new}.
 */
@FunctionalInterface
public interface WindowResultFunction<K, V, R> extends Serializable {
    R apply(K key, TimeWindow window, V value);
}
