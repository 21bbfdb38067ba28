package dev.statefuljobs.common.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line is checked against the catalog before anything is built. */
class JobFlagsTest {

    private enum Mode {
        FAST,
        EXTRA_SAFE
    }

    private static final Flag<Duration> WINDOW =
            Flag.duration("window", Duration.ofMinutes(1), "window size");
    private static final Flag<Mode> MODE = Flag.choice("mode", Mode.class, Mode.FAST, "how");
    private static final Flag<Integer> LIMIT = Flag.integer("limit", 10, "a limit");
    private static final List<Flag<?>> OWN = List.of(WINDOW, MODE, LIMIT);

    private static JobFlags parse(String... args) {
        return JobFlags.parse("test-job", OWN, args);
    }

    private static String refused(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
    }

    @Test
    void defaultsApplyWhenAFlagIsNotGiven() {
        JobFlags flags = parse();
        assertEquals(Duration.ofMinutes(1), flags.get(WINDOW));
        assertEquals(Mode.FAST, flags.get(MODE));
        assertEquals("sample", flags.get(Flags.SOURCE));
        assertEquals(SinkKind.PRINT, flags.get(Flags.SINK));
        assertEquals(null, flags.get(Flags.PARALLELISM));
        assertFalse(flags.get(Flags.BOUNDED));
        assertFalse(flags.isSet(WINDOW));
    }

    @Test
    void valuesAreParsedToTheirTypes() {
        JobFlags flags =
                parse(
                        "--window",
                        "5m",
                        "--mode",
                        "Extra-Safe",
                        "--limit",
                        "3",
                        "--parallelism",
                        "2",
                        "--sink",
                        "kafka",
                        "--delivery",
                        "at-least-once");
        assertEquals(Duration.ofMinutes(5), flags.get(WINDOW));
        assertEquals(Mode.EXTRA_SAFE, flags.get(MODE));
        assertEquals(3, flags.get(LIMIT));
        assertEquals(2, flags.get(Flags.PARALLELISM));
        assertEquals(Flags.Delivery.AT_LEAST_ONCE, flags.get(Flags.DELIVERY));
        assertTrue(flags.isSet(WINDOW));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "500ms; 500",
                "30s; 30000",
                "1min; 60000",
                "1m; 60000",
                "1h; 3600000",
                "1d; 86400000",
                "0; 0",
                "30 seconds; 30000",
                "1 minute; 60000",
                "1 hour 30 minutes; 5400000",
                "interval 10 minutes; 600000",
                "1h30m; 5400000",
                "PT30S; 30000"
            })
    void durationsTakeFlinksAndSparksForms(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), parse("--window", text).get(WINDOW));
    }

    @Test
    void aDurationWithoutUnitOrNegativeIsRefused() {
        assertEquals(
                "--window must be a duration with a unit, such as 30s, 1m or 1h, got '30'",
                refused("--window", "30"));
        assertEquals(
                "--window must be a duration such as 30s, 1m or 1h, got 'PT-1S'",
                refused("--window", "PT-1S"));
        assertEquals(
                "--window must be a duration such as 30s, 1m or 1h, got 'soon'",
                refused("--window", "soon"));
    }

    @Test
    void wrongValuesNameTheFlagAndWhatItMustBe() {
        assertEquals(
                "--mode must be one of fast|extra-safe, got 'slow'", refused("--mode", "slow"));
        assertEquals("--limit must be a whole number, got 'ten'", refused("--limit", "ten"));
        assertEquals(
                "--web-ui must be a port number or 'off', got 'on'", refused("--web-ui", "on"));
        assertEquals(
                "--source must be one of sample|file|socket|generator|kafka, got 'ftp'",
                refused("--source", "ftp"));
        assertEquals("--limit needs a value", refused("--limit"));
    }

    @Test
    void unknownFlagsAreRefusedTogether() {
        assertEquals(
                "Unknown flag(s) for test-job: --windw, --colour. See --help or docs/flags.md.",
                refused("--windw", "1m", "--colour", "red"));
    }

    @Test
    void aFlagOfAnotherSourceOrSinkIsRefusedWithWhereItApplies() {
        assertEquals(
                "Unknown flag(s) for test-job: --topic (only with --source kafka). See --help or docs/flags.md.",
                refused("--source", "file", "--input", "x.jsonl", "--topic", "clicks"));
        assertEquals(
                "Unknown flag(s) for test-job: --delivery (only with --sink kafka). See --help or docs/flags.md.",
                refused("--delivery", "at-least-once"));
        assertEquals(
                "Unknown flag(s) for test-job: --events (only with --source generator). See --help or "
                        + "docs/flags.md.",
                refused("--events", "10"));
        // Kafka connection flags apply to a Kafka source or a Kafka sink.
        assertEquals(
                "localhost:9093",
                parse("--sink", "kafka", "--bootstrap-servers", "localhost:9093")
                        .get(Flags.BOOTSTRAP_SERVERS));
    }

    @Test
    void aSwitchMayStandAloneOrTakeTrueOrFalse() {
        assertTrue(parse("--source", "kafka", "--bounded").get(Flags.BOUNDED));
        assertTrue(parse("--source", "kafka", "--bounded", "--topic", "t").get(Flags.BOUNDED));
        assertFalse(parse("--source", "kafka", "--bounded", "false").get(Flags.BOUNDED));
    }

    @Test
    void aFlagGivenTwiceOrAStrayValueIsRefused() {
        assertEquals("--limit is given twice", refused("--limit", "1", "--limit", "2"));
        assertEquals("Expected a flag (--name value), got 'stray'", refused("stray"));
    }

    @Test
    void negativeNumbersAreValuesNotFlags() {
        assertEquals(-3, parse("--limit", "-3").get(LIMIT));
    }

    @Test
    void theGivenFlagsBecomeTheJobsParametersInTheWebUi() {
        assertEquals("5m", parse("--window", "5m").asJobParameters().get("window"));
    }
}
