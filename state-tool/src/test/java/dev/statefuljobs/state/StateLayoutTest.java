package dev.statefuljobs.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.job.JobLauncher;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.CollectingSinks;
import dev.statefuljobs.jobs.JobCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Operator uids and state names are part of the savepoint format: the table in docs/state.md, the
 * tool's {@link JobStates} and the jobs themselves must agree. For every job and every flag variant
 * in the table, the test builds the job's stream graph, takes each keyed operator's uid, opens the
 * operator in a test harness and snapshots it, and compares the keyed and operator states it
 * registered (name, kind, value type) with the table's row. A job that changes a uid, a state name
 * or a state's type fails here until the table (and the tool) say so too; so does a job added to
 * the catalog without a row.
 */
class StateLayoutTest {

    private static final Path DOC =
            Path.of("").toAbsolutePath().getParent().resolve("docs/state.md");

    /** One row of the table. */
    record Row(
            String job,
            String flags,
            String uid,
            Set<String> keyedStates,
            Set<String> operatorStates,
            String commands) {}

    @Test
    void theTableDescribesEveryJobsKeyedOperators() throws Exception {
        List<Row> table = table();
        Map<String, List<Row>> byVariant =
                table.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> r.job() + " " + r.flags(),
                                        LinkedHashMap::new,
                                        Collectors.toList()));
        List<String> problems = new ArrayList<>();
        for (StreamingJob job : JobCatalog.all()) {
            if (table.stream().noneMatch(r -> r.job().equals(job.name()))) {
                problems.add(job.name() + " has no row in docs/state.md");
            }
        }
        for (List<Row> rows : byVariant.values()) {
            Row first = rows.get(0);
            StreamingJob job =
                    JobCatalog.find(first.job())
                            .orElseThrow(() -> new AssertionError("no job " + first.job()));
            String[] flags = first.flags().isEmpty() ? new String[0] : first.flags().split(" ");
            Map<String, Row> actual = actualRows(job, flags);
            Map<String, Row> documented = new LinkedHashMap<>();
            // What the tool does with an operator is checked below, not here.
            rows.forEach(
                    r ->
                            documented.put(
                                    r.uid(),
                                    new Row(
                                            r.job(),
                                            r.flags(),
                                            r.uid(),
                                            r.keyedStates(),
                                            r.operatorStates(),
                                            null)));
            if (!actual.equals(documented)) {
                problems.add(
                        job.name()
                                + " "
                                + first.flags()
                                + ":\n  docs/state.md: "
                                + documented.values()
                                + "\n  the job:       "
                                + actual.values());
            }
        }
        assertEquals(List.of(), problems, "docs/state.md against the jobs");
    }

    @Test
    void theToolKnowsEveryOperatorOfTheTable() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Row row : table()) {
            StreamingJob job = JobCatalog.find(row.job()).orElseThrow();
            String[] flags = row.flags().isEmpty() ? new String[0] : row.flags().split(" ");
            if (row.commands() == null || row.commands().isBlank()) {
                // A row without commands documents a layout the tool does not read yet: the tool
                // must say so rather than misread it.
                List<OperatorLayout> layouts =
                        JobStates.of(job, JobFlags.parse(job.name(), job.flags(), flags));
                if (layouts.size() != 1
                        || !(layouts.get(0) instanceof OperatorLayout.Unsupported)) {
                    problems.add(row.uid() + ": the table says unsupported, the tool reads it");
                }
                continue;
            }
            OperatorLayout layout =
                    JobStates.find(job, JobFlags.parse(job.name(), job.flags(), flags), row.uid());
            Set<String> names =
                    row.keyedStates().stream()
                            .map(s -> s.substring(0, s.indexOf(' ')))
                            .collect(Collectors.toCollection(TreeSet::new));
            if (!names.equals(new TreeSet<>(layout.keyedStates()))) {
                problems.add(row.uid() + ": the tool reads " + layout.keyedStates());
            }
            String commands = layout.rowFormat() == null ? "read" : "read, bootstrap";
            if (!commands.equals(row.commands())) {
                problems.add(row.uid() + ": the tool does " + commands);
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * The job's keyed operators by uid, each with the states it registers when it opens, in the
     * table's notation (without the tool's commands).
     */
    private static Map<String, Row> actualRows(StreamingJob job, String... flags) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        List<String> args = new ArrayList<>(List.of("--source", "sample"));
        args.addAll(Arrays.asList(flags));
        JobLauncher.build(
                env,
                job,
                JobFlags.parse(job.name(), job.flags(), args.toArray(new String[0])),
                new CollectingSinks());
        StreamGraph graph = env.getStreamGraph();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            if (node.getStatePartitioners().length == 0) {
                continue; // not keyed
            }
            String uid = node.getTransformationUID();
            assertNotNull(
                    uid,
                    job.name() + ": keyed operator '" + node.getOperatorName() + "' has no uid");
            OperatorSubtaskState snapshot = snapshotOf(node);
            ClassLoader loader = StateLayoutTest.class.getClassLoader();
            Set<String> keyed = new LinkedHashSet<>();
            SavepointFiles.keyedStates(snapshot, loader)
                    .values()
                    .forEach(s -> keyed.add(s.toString()));
            rows.put(
                    uid,
                    new Row(
                            job.name(),
                            String.join(" ", flags),
                            uid,
                            new TreeSet<>(keyed),
                            new TreeSet<>(SavepointFiles.operatorStates(snapshot)),
                            null));
        }
        return rows;
    }

    /**
     * Opens the node's operator in a keyed harness (as one subtask of 128 key groups) and snapshots
     * it.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static OperatorSubtaskState snapshotOf(StreamNode node) throws Exception {
        StreamOperatorFactory<Object> factory =
                (StreamOperatorFactory<Object>) node.getOperatorFactory();
        KeySelector<Object, String> key = (KeySelector) node.getStatePartitioners()[0];
        KeyedOneInputStreamOperatorTestHarness<String, Object, Object> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        factory, key, Types.STRING, StateTool.DEFAULT_MAX_PARALLELISM, 1, 0);
        try {
            harness.open();
            return harness.snapshot(1L, 1L);
        } finally {
            harness.close();
        }
    }

    /** The table of docs/state.md under "Operators and their state". */
    static List<Row> table() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| Job | Job flags | Operator uid |")) {
                header = i;
                break;
            }
        }
        assertFalse(header < 0, "docs/state.md has no table '| Job | Job flags | Operator uid |'");
        List<Row> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|", -1);
            assertEquals(8, cells.length, "six cells in " + lines.get(i));
            rows.add(
                    new Row(
                            plain(cells[1]),
                            plain(cells[2]),
                            plain(cells[3]),
                            list(cells[4]),
                            list(cells[5]),
                            plain(cells[6])));
        }
        return rows;
    }

    private static Set<String> list(String cell) {
        Set<String> items = new TreeSet<>();
        for (String item : plain(cell).split(";")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    private static String plain(String cell) {
        return cell.replace("`", "").strip();
    }
}
