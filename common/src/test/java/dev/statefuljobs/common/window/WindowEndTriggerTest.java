package dev.statefuljobs.common.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link WindowEndTrigger} must behave exactly as Flink's {@link EventTimeTrigger} in the window
 * operator: the same firings, in the same order, at the same watermarks, the same late records, and
 * the same number of pending timers after every element and watermark (so the same set of timers,
 * only registered and deleted less often). Random out-of-order input with late records, tumbling
 * and sliding windows, with and without allowed lateness, on the heap and on RocksDB.
 */
class WindowEndTriggerTest {

    private static final OutputTag<String> LATE = new OutputTag<>("late", Types.STRING);
    private static final KeySelector<String, String> KEY = s -> s;

    @ParameterizedTest
    @CsvSource({
        "tumbling, 0, false",
        "tumbling, 30, false",
        "sliding, 0, false",
        "sliding, 25, false",
        "tumbling, 0, true",
        "tumbling, 30, true",
        "sliding, 0, true",
        "sliding, 25, true"
    })
    void firesAndTimesAsEventTimeTrigger(String windows, long latenessSeconds, boolean rocksDb)
            throws Exception {
        Duration lateness = Duration.ofSeconds(latenessSeconds);
        WindowAssigner<Object, TimeWindow> assigner =
                windows.equals("tumbling")
                        ? TumblingEventTimeWindows.of(Duration.ofMinutes(1))
                        : SlidingEventTimeWindows.of(Duration.ofMinutes(1), Duration.ofSeconds(20));
        for (long seed = 1; seed <= 3; seed++) {
            Run flink = new Run(assigner, EventTimeTrigger.create(), lateness, rocksDb);
            Run ours =
                    new Run(assigner, new WindowEndTrigger(lateness.isZero()), lateness, rocksDb);
            SplittableRandom rnd = new SplittableRandom(seed);
            long newest = 0;
            long watermark = Long.MIN_VALUE;
            for (int i = 0; i < 3_000; i++) {
                if (rnd.nextInt(6) == 0) {
                    long next = newest - 5_000 - 1;
                    if (next > watermark) {
                        watermark = next;
                        flink.watermark(watermark);
                        ours.watermark(watermark);
                    }
                } else {
                    newest += rnd.nextInt(0, 4_000);
                    // Mostly in order, some out of order, a few far behind (late).
                    long time =
                            rnd.nextInt(20) == 0
                                    ? newest - rnd.nextInt(0, 120_000)
                                    : newest - rnd.nextInt(0, 5_000);
                    String key = "k" + rnd.nextInt(30);
                    flink.element(key, Math.max(0, time));
                    ours.element(key, Math.max(0, time));
                }
                assertEquals(flink.timers(), ours.timers(), "pending timers after step " + i);
            }
            flink.watermark(Long.MAX_VALUE);
            ours.watermark(Long.MAX_VALUE);
            assertEquals(flink.output(), ours.output());
            assertEquals(flink.late(), ours.late());
            assertEquals(0, ours.timers());
            flink.close();
            ours.close();
        }
    }

    /** One window operator, counting per key and window, under a test harness. */
    private static final class Run {
        final KeyedOneInputStreamOperatorTestHarness<String, String, String> harness;

        Run(
                WindowAssigner<Object, TimeWindow> assigner,
                Trigger<Object, TimeWindow> trigger,
                Duration lateness,
                boolean rocksDb)
                throws Exception {
            WindowOperatorBuilder<String, String, TimeWindow> builder =
                    new WindowOperatorBuilder<>(
                            assigner,
                            trigger,
                            new ExecutionConfig(),
                            Types.STRING,
                            KEY,
                            Types.STRING);
            builder.allowedLateness(lateness);
            builder.sideOutputLateData(LATE);
            OneInputStreamOperator<String, String> operator =
                    builder.aggregate(new Count<String>(), new Describe(), Types.LONG);
            harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, KEY, Types.STRING);
            if (rocksDb) {
                harness.setStateBackend(new EmbeddedRocksDBStateBackend());
            }
            harness.open();
        }

        void element(String key, long time) throws Exception {
            harness.processElement(key, time);
        }

        void watermark(long time) throws Exception {
            harness.processWatermark(time);
        }

        int timers() {
            return harness.numEventTimeTimers();
        }

        List<String> output() {
            return harness.extractOutputStreamRecords().stream()
                    .map(r -> r.getValue() + " ts=" + r.getTimestamp())
                    .collect(Collectors.toList());
        }

        List<String> late() {
            return harness.getSideOutput(LATE) == null
                    ? List.of()
                    : new ArrayList<>(harness.getSideOutput(LATE))
                            .stream()
                                    .map(r -> r.getValue() + "@" + r.getTimestamp())
                                    .collect(Collectors.toList());
        }

        void close() throws Exception {
            harness.close();
        }
    }

    private static final class Describe
            extends ProcessWindowFunction<Long, String, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String key, Context ctx, Iterable<Long> counts, Collector<String> out) {
            out.collect(
                    key
                            + " "
                            + ctx.window()
                            + " count="
                            + counts.iterator().next()
                            + " watermark="
                            + ctx.currentWatermark());
        }
    }
}
