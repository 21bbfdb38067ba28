package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.format.ClickFormat;
import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.format.LogLineFormat;
import dev.statefuljobs.common.format.SensorReadingFormat;
import dev.statefuljobs.common.format.TransactionFormat;
import dev.statefuljobs.common.format.VisitFormat;
import dev.statefuljobs.common.generator.LineGenerator;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each SQL twin against its DataStream job, compared as multisets of output lines: on the seed's
 * sample, and on generated events shuffled within {@code --out-of-orderness} (so that nothing is
 * late and both must count every event), at parallelism 1 and 2. running-total's SQL twin is
 * compared in its default form (one total per change), which equals the DataStream totals as long
 * as no amount is 0 (the generator's are 0.01 to 1000.00; see {@link SqlTwinsTest} for that case).
 */
class SqlDifferentialTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    /** How far events are shuffled, and the watermark bound both sides get. */
    static final Duration DISORDER = Duration.ofSeconds(5);

    /**
     * A twin, its DataStream implementation's --impl, the generator's format, how many events, how
     * many keys, and at least how many results that gives (so that the comparison is not vacuous).
     */
    record Twin(
            StreamingJob job,
            String datastream,
            EventFormat<?> format,
            int events,
            int keys,
            int minResults) {
        @Override
        public String toString() {
            return job.name();
        }
    }

    static final List<Twin> TWINS =
            List.of(
                    new Twin(
                            JobCatalog.CLICKS_PER_MINUTE,
                            "datastream",
                            new ClickFormat(),
                            6000,
                            40,
                            40),
                    new Twin(
                            JobCatalog.RUNNING_TOTAL,
                            "keyed-sum",
                            new TransactionFormat(),
                            6000,
                            200,
                            200),
                    // 40,000 visits, 100 ms apart: past the first hour, so two windows per page.
                    new Twin(
                            JobCatalog.VISITS_PER_HOUR,
                            "datastream",
                            new VisitFormat(),
                            40_000,
                            20,
                            40),
                    // 40,000 transactions, 100 ms apart: two hours, each summed in arrival order on
                    // both sides (one file split, one group), so the doubles are the same.
                    new Twin(
                            JobCatalog.TRANSACTIONS_PER_HOUR,
                            "datastream",
                            new TransactionFormat(),
                            40_000,
                            50,
                            2),
                    // 20,000 lines, one in five an ERROR: three 15-minute windows per service.
                    new Twin(
                            JobCatalog.ERRORS_PER_15_MINUTES,
                            "datastream",
                            new LogLineFormat(),
                            20_000,
                            20,
                            60),
                    // One day per sensor; readings repeat values, so maxima tie and the earliest
                    // wins on both sides.
                    new Twin(
                            JobCatalog.MAX_TEMPERATURE_PER_DAY,
                            "datastream",
                            new SensorReadingFormat(),
                            6000,
                            40,
                            40));

    static Stream<Arguments> cases() {
        return TWINS.stream().flatMap(twin -> Stream.of(1, 2).map(p -> Arguments.of(twin, p)));
    }

    @ParameterizedTest(name = "{0} at parallelism {1}, sample")
    @MethodSource("cases")
    void sameResultsOnTheSample(Twin twin, int parallelism) throws Exception {
        List<String> stream = run(twin, twin.datastream(), parallelism, null);
        List<String> sql = run(twin, "sql", parallelism, null);
        assertTrue(stream.size() >= 3, stream.toString());
        assertEquals(stream, sql);
    }

    @ParameterizedTest(name = "{0} at parallelism {1}, generated, disorder within the bound")
    @MethodSource("cases")
    void sameResultsOnGeneratedEventsInDisorder(Twin twin, int parallelism) throws Exception {
        List<String> lines = shuffledWithin(twin, DISORDER);
        List<String> stream = run(twin, twin.datastream(), parallelism, lines);
        List<String> sql = run(twin, "sql", parallelism, lines);
        assertTrue(stream.size() >= twin.minResults(), "results: " + stream.size());
        assertEquals(stream, sql);
    }

    /** The job's results, sorted: a multiset. {@code lines} null: the embedded sample. */
    static List<String> run(
            Twin twin, String impl, int parallelism, List<String> lines, String... flags)
            throws Exception {
        String p = Integer.toString(parallelism);
        List<String> args = new ArrayList<>(List.of("--impl", impl, "--parallelism", p));
        args.addAll(List.of(flags));
        JobRun run;
        if (lines == null) {
            args.addAll(List.of("--web-ui", "off"));
            run = JobRun.withArgs(twin.job(), args.toArray(new String[0]));
        } else {
            args.addAll(List.of("--out-of-orderness", DISORDER.toSeconds() + "s"));
            run = JobRun.of(twin.job(), lines, args.toArray(new String[0]));
        }
        assertEquals(List.of(), run.deadLetters());
        assertEquals(List.of(), run.late());
        return run.results().stream().sorted().collect(Collectors.toList());
    }

    // --- user-sessions --time event: the SQL twin gives the ended sessions only ---

    static final Twin SESSIONS =
            new Twin(JobCatalog.USER_SESSIONS, "datastream", new ClickFormat(), 6000, 40, 200);

    /**
     * The job's rows for ended sessions ({@code "status":"expired"}), without its per-click
     * "active" rows, which a session window does not have.
     */
    private static List<String> ended(List<String> rows) {
        return rows.stream().filter(r -> r.contains("\"status\":\"expired\"")).toList();
    }

    @ParameterizedTest(name = "user-sessions at parallelism {0}, sample")
    @ValueSource(ints = {1, 2})
    void sqlSessionsAreTheJobsEndedSessionsOnTheSample(int parallelism) throws Exception {
        List<String> stream = run(SESSIONS, "datastream", parallelism, null, "--time", "event");
        List<String> sql = run(SESSIONS, "sql", parallelism, null, "--time", "event");
        assertEquals(4, ended(stream).size(), stream.toString());
        assertEquals(ended(stream), sql);
    }

    /**
     * Clicks in order (disorder 0), a 2 s gap: about 40 clicks per user, thousands of sessions.
     * With no click out of order, a session never merges with an earlier one, so SQL's sessions are
     * the job's (disorder is where they differ: {@link SqlTwinsTest}).
     */
    @ParameterizedTest(name = "user-sessions at parallelism {0}, generated in order")
    @ValueSource(ints = {1, 2})
    void sqlSessionsAreTheJobsEndedSessionsOnClicksInOrder(int parallelism) throws Exception {
        List<String> lines = shuffledWithin(SESSIONS, Duration.ofMillis(1));
        String[] flags = {"--time", "event", "--gap", "2s"};
        List<String> stream = run(SESSIONS, "datastream", parallelism, lines, flags);
        List<String> sql = run(SESSIONS, "sql", parallelism, lines, flags);
        assertTrue(ended(stream).size() >= SESSIONS.minResults(), "sessions: " + stream.size());
        assertEquals(ended(stream), sql);
    }

    /**
     * The generator's events (100 ms apart), each moved later by a random delay below {@code
     * bound}: an event arrives after every event at least {@code bound} older than it, so the
     * newest event time seen is always less than {@code bound} ahead of it, and no event is late.
     */
    static List<String> shuffledWithin(Twin twin, Duration bound) {
        LineGenerator generator =
                new LineGenerator(twin.format().generator(), 7, twin.keys(), 0, Duration.ZERO);
        SplittableRandom random = new SplittableRandom(11);
        ToLongFunction<String> eventTime = eventTime(twin.format());
        record Arrival(long at, String line) {}
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < twin.events(); i++) {
            String line = generator.line(i);
            arrivals.add(
                    new Arrival(
                            eventTime.applyAsLong(line) + random.nextLong(bound.toMillis()), line));
        }
        arrivals.sort(Comparator.comparingLong(Arrival::at));
        return arrivals.stream().map(Arrival::line).collect(Collectors.toList());
    }

    private static <E> ToLongFunction<String> eventTime(EventFormat<E> format) {
        return line -> {
            try {
                return format.eventTime(format.parse(line));
            } catch (InvalidRecordException e) {
                throw new IllegalStateException("the generator wrote a bad line: " + line, e);
            }
        };
    }
}
