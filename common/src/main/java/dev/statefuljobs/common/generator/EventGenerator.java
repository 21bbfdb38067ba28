package dev.statefuljobs.common.generator;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Renders one synthetic event of a format as a JSON line, for {@code --source generator} and the
 * {@code Generate} CLI. The {@link LineGenerator} decides everything that makes a stream usable for
 * demos and benchmarks (the key, the event time, which events are late, the per-event random
 * numbers); a format only writes its JSON. A new format plugs in by overriding {@code
 * EventFormat.generator()} with a few lines, e.g.
 *
 * <pre>
 * return (index, key, time, rnd) -&gt; JsonLine.object().field("sensor", "sensor" + key)
 *         .instant("ts", time).field("value", rnd.nextDouble() * 100).toString();
 * </pre>
 */
@FunctionalInterface
public interface EventGenerator extends Serializable {

    /**
     * @param index the event's position in the stream, from 0
     * @param key the event's key number, 1..keys (e.g. render it as {@code "user" + key})
     * @param eventTimeMs the event time to write, milliseconds since the epoch (already pushed back
     *     for late events)
     * @param rnd a generator seeded from the seed and the index: use it for any other field
     */
    String line(long index, int key, long eventTimeMs, SplittableRandom rnd);
}
