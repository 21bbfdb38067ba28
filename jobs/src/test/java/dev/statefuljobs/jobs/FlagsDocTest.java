package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.flags.Flag;
import dev.statefuljobs.common.flags.FlagHelp;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.job.StreamingJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/flags.md is generated from the flag catalog, and this test fails when it is stale.
 * Regenerate it with {@code mvn -pl jobs -am test -Dtest=FlagsDocTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dflags.doc.write=true}.
 */
class FlagsDocTest {

    private static final Path DOC =
            Path.of("").toAbsolutePath().getParent().resolve("docs/flags.md");

    static String generated() {
        Map<String, List<Flag<?>>> jobs = new LinkedHashMap<>();
        for (StreamingJob job : JobCatalog.all()) {
            jobs.put(job.name(), job.flags());
        }
        return FlagHelp.markdown(jobs);
    }

    @Test
    void docsFlagsMdIsTheCatalogAsGenerated() throws IOException {
        String expected = generated();
        if (Boolean.getBoolean("flags.doc.write")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertEquals(
                expected,
                Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "",
                "docs/flags.md is stale: regenerate it with mvn -pl jobs -am test -Dtest=FlagsDocTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false -Dflags.doc.write=true");
    }

    @Test
    void everyJobsHelpListsItsOwnFlagsAndTheSharedOnes() {
        for (StreamingJob job : JobCatalog.all()) {
            String help = FlagHelp.text(job.name(), job.description(), job.flags());
            for (Flag<?> flag : job.flags()) {
                assertTrue(
                        help.contains("--" + flag.name() + " "),
                        job.name() + " --help lacks --" + flag.name());
            }
            for (Flag<?> flag : Flags.SHARED) {
                assertTrue(
                        help.contains("--" + flag.name()),
                        job.name() + " --help lacks --" + flag.name());
            }
        }
    }
}
