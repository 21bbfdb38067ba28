package dev.statefuljobs.bench;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.format.ClickFormat;
import dev.statefuljobs.common.format.TransactionFormat;
import dev.statefuljobs.common.io.ByteLineFormat;
import dev.statefuljobs.common.io.Parsed;
import dev.statefuljobs.common.io.RecordParser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The single-threaded limit that {@code scripts/bench.sh} compares each job with: a plain Java loop
 * over the same JSON Lines input that reads it as the jobs' file source does (lines of bytes split
 * by {@link ByteLineFormat}, each parsed by {@link RecordParser#parseLine}: the byte reader into
 * the same POJO, text parsing only for what it does not take) and does the same keyed work in a
 * {@link HashMap}, with no Flink at all.
 *
 * <pre>
 * ParseLimit &lt;workload&gt; &lt;input dir or file&gt; [--runs 3]
 *   clicks-per-minute       count per user per 1-minute event-time window (a window's counts are emitted and
 *                           dropped when the input moves past it, as the watermark would)
 *   running-total           running sum per user
 *   running-total-expiring  running sum per user that restarts 1 h of event time after the user's last transaction
 *   user-sessions           per-user session (start, last click, count) that ends 30 s of event time after its last click
 * </pre>
 *
 * The files of a directory are read round-robin, a line from each in turn: {@code bench.sh} deals
 * the generated stream out to two files that way, so the loop sees the generator's own order. One
 * warm-up pass, then {@code --runs} timed passes in the same JVM; it prints each pass and the
 * median. A JIT-warm loop is the generous bound: it makes the ratio a job reaches, if anything,
 * lower.
 */
public final class ParseLimit {

    private static final RecordParser<Click> CLICKS =
            new RecordParser<>(new ClickFormat(), "bench", RecordParser.DEFAULT_MAX_RECORD_BYTES);
    private static final RecordParser<Transaction> TRANSACTIONS =
            new RecordParser<>(
                    new TransactionFormat(), "bench", RecordParser.DEFAULT_MAX_RECORD_BYTES);

    private ParseLimit() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println(
                    "Usage: ParseLimit clicks-per-minute|running-total|running-total-expiring|user-sessions"
                            + " <input> [--runs 3]");
            System.exit(2);
        }
        String workload = args[0];
        List<File> files = files(new File(args[1]));
        int runs = args.length >= 4 && args[2].equals("--runs") ? Integer.parseInt(args[3]) : 3;
        long[] nanos = new long[runs];
        long events = 0;
        for (int i = -1; i < runs; i++) {
            long start = System.nanoTime();
            long[] result = pass(workload, files);
            long took = System.nanoTime() - start;
            events = result[0];
            System.err.printf(
                    "ParseLimit %s %s: %d events in %d ms (checksum %d)%n",
                    workload,
                    i < 0 ? "warm-up" : "run " + (i + 1),
                    events,
                    took / 1_000_000,
                    result[1]);
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long median = sorted[runs / 2];
        System.out.printf(
                "ParseLimit %s events=%d median_ms=%d events_per_s=%.0f%n",
                workload, events, median / 1_000_000, events / (median / 1e9));
    }

    private static List<File> files(File input) {
        if (input.isFile()) {
            return List.of(input);
        }
        File[] list = input.listFiles(f -> f.isFile() && !f.getName().startsWith("."));
        if (list == null || list.length == 0) {
            throw new IllegalArgumentException("no input files in " + input);
        }
        Arrays.sort(list);
        return Arrays.asList(list);
    }

    /** One pass; returns {events, checksum}. */
    static long[] pass(String workload, List<File> files) throws IOException {
        switch (workload) {
            case "clicks-per-minute":
                return new WindowCounts(60_000).run(files);
            case "user-sessions":
                return new Sessions(30_000).run(files);
            case "running-total":
                return new Totals().run(files);
            case "running-total-expiring":
                return new ExpiringTotals(3_600_000).run(files);
            default:
                throw new IllegalArgumentException("unknown workload " + workload);
        }
    }

    /**
     * Reads the files round-robin, a line of each in turn, and hands each line to {@link #line}.
     */
    private abstract static class Loop {
        long events;
        long checksum;

        long[] run(List<File> files) throws IOException {
            List<ByteLineFormat.LineReader> readers = new ArrayList<>();
            try {
                for (File f : files) {
                    readers.add(new ByteLineFormat.LineReader(Files.newInputStream(f.toPath())));
                }
                List<ByteLineFormat.LineReader> open = new ArrayList<>(readers);
                while (!open.isEmpty()) {
                    for (int i = 0; i < open.size(); i++) {
                        byte[] l = open.get(i).read();
                        if (l == null) {
                            open.remove(i--);
                        } else if (l.length > 0) {
                            events++;
                            line(l);
                        }
                    }
                }
                finish();
            } finally {
                for (ByteLineFormat.LineReader r : readers) {
                    r.close();
                }
            }
            return new long[] {events, checksum};
        }

        abstract void line(byte[] line);

        /** The event of a line; the benchmark's input has no bad records, so one is an error. */
        static <E> E event(RecordParser<E> parser, byte[] line) {
            Parsed<E> parsed = parser.parseLine(line);
            if (!parsed.isValid()) {
                throw new IllegalArgumentException(
                        "ParseLimit: a bad record in the input: " + parsed.deadLetter.reason);
            }
            return parsed.event;
        }

        void finish() {}
    }

    /**
     * Clicks per user per tumbling window; a window is emitted and dropped when the input passes
     * its end.
     */
    private static final class WindowCounts extends Loop {
        private final long size;
        private final Map<String, long[]> counts = new HashMap<>();
        private long window = Long.MIN_VALUE;

        WindowCounts(long size) {
            this.size = size;
        }

        @Override
        void line(byte[] line) {
            Click c = event(CLICKS, line);
            long w = Math.floorDiv(c.timestamp, size);
            if (w > window) {
                finish();
                window = w;
            }
            counts.computeIfAbsent(c.userId, k -> new long[1])[0]++;
        }

        @Override
        void finish() {
            for (long[] n : counts.values()) {
                checksum += n[0];
            }
            counts.clear();
        }
    }

    /** Running sum per user. */
    private static final class Totals extends Loop {
        private final Map<String, double[]> totals = new HashMap<>();

        @Override
        void line(byte[] line) {
            Transaction t = event(TRANSACTIONS, line);
            double[] total = totals.computeIfAbsent(t.userId, k -> new double[1]);
            total[0] += t.amount;
            checksum += (long) total[0];
        }
    }

    /**
     * Running sum per user that restarts once the user's deadline (last transaction + timeout) has
     * passed.
     */
    private static final class ExpiringTotals extends Loop {
        private final long timeoutMs;
        private final Map<String, double[]> totals = new HashMap<>();

        ExpiringTotals(long timeoutMs) {
            this.timeoutMs = timeoutMs;
        }

        @Override
        void line(byte[] line) {
            Transaction t = event(TRANSACTIONS, line);
            double[] s = totals.get(t.userId); // {total, expiresAt}
            if (s == null) {
                s = new double[] {0, t.transactionTime + timeoutMs};
                totals.put(t.userId, s);
            } else if (t.transactionTime > s[1]) {
                checksum++; // the expiry row
                s[0] = 0;
            }
            s[1] = Math.max(s[1], t.transactionTime + timeoutMs);
            s[0] += t.amount;
            checksum += (long) s[0];
        }
    }

    /**
     * Per-user sessions in event time: a click more than the gap after the last one ends the
     * session.
     */
    private static final class Sessions extends Loop {
        private final long gapMs;
        private final Map<String, long[]> sessions = new HashMap<>();

        Sessions(long gapMs) {
            this.gapMs = gapMs;
        }

        @Override
        void line(byte[] line) {
            Click c = event(CLICKS, line);
            long[] s = sessions.get(c.userId); // {start, lastEvent, count}
            if (s != null && c.timestamp > s[1] + gapMs) {
                checksum += s[2]; // the expired row
                s = null;
            }
            if (s == null) {
                s = new long[] {c.timestamp, c.timestamp, 0};
                sessions.put(c.userId, s);
            }
            s[0] = Math.min(s[0], c.timestamp);
            s[1] = Math.max(s[1], c.timestamp);
            s[2]++;
            checksum += s[2];
        }
    }
}
