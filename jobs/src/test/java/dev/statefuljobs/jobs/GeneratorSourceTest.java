package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.format.ClickFormat;
import dev.statefuljobs.common.format.TransactionFormat;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --source generator} through the real parser, and the {@code Generate} CLI that prints the
 * same lines.
 */
class GeneratorSourceTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @Test
    void clicksPerMinuteCountsEveryGeneratedClickAndIsReproducible() throws Exception {
        String[] args = {
            "--web-ui",
            "off",
            "--source",
            "generator",
            "--events",
            "1200",
            "--keys",
            "3",
            "--seed",
            "9",
            "--watermarks",
            "per-event"
        };
        JobRun run = JobRun.withArgs(JobCatalog.CLICKS_PER_MINUTE, args);
        long total =
                run.results().stream()
                        .mapToLong(r -> Long.parseLong(r.replaceAll(".*\"count\":(\\d+)}", "$1")))
                        .sum();
        assertEquals(1200, total);
        assertEquals(List.of(), run.deadLetters());
        // 1200 events 100 ms apart span 2 minutes: 2 windows for each of 3 users.
        assertEquals(6, run.results().size(), run.results().toString());
        assertEquals(
                sorted(run.results()),
                sorted(JobRun.withArgs(JobCatalog.CLICKS_PER_MINUTE, args).results()));
    }

    @Test
    void theCliResolvesFormatsAndJobsAndPrintsTheSourcesLines() throws Exception {
        assertInstanceOf(ClickFormat.class, Generate.format("clicks"));
        assertInstanceOf(ClickFormat.class, Generate.format("clicks-per-minute"));
        assertInstanceOf(TransactionFormat.class, Generate.format("transactions"));

        // The CLI and --source generator build the same LineGenerator from the same flags, so they
        // print the same
        // lines. (Generate writes to the stdout file descriptor; the generator it builds is checked
        // here.)
        Map<String, String> flags =
                new HashMap<>(Map.of("seed", "9", "keys", "3", "late-fraction", "0.5"));
        String first = Generate.generator("clicks-per-minute", flags).line(0);
        assertTrue(flags.isEmpty(), "every flag is consumed: " + flags);
        assertEquals(
                first,
                Generate.generator(
                                "clicks",
                                new HashMap<>(
                                        Map.of("seed", "9", "keys", "3", "late-fraction", "0.5")))
                        .line(0));
        assertTrue(first.startsWith("{\"user_id\":\"user"), first);
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().collect(Collectors.toList());
    }
}
