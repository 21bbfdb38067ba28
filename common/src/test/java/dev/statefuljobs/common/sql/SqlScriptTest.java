package dev.statefuljobs.common.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Splitting a file of SQL statements, and filling a twin's placeholders. */
class SqlScriptTest {

    @Test
    void statementsEndAtSemicolonsOutsideQuotesAndComments() {
        SqlScript script =
                SqlScript.parse(
                        "t.sql",
                        String.join(
                                "\n",
                                "-- a comment; not a statement",
                                "CREATE TABLE t (a STRING) WITH ('x' = 'a;b', 'y' = 'it''s;');",
                                "",
                                "/* block; comment */",
                                "SELECT `a;b`, \"c;d\" -- trailing; comment",
                                "FROM t;",
                                "-- only a comment at the end;",
                                ""));
        assertEquals(
                List.of(
                        new SqlScript.Statement(
                                2, "CREATE TABLE t (a STRING) WITH ('x' = 'a;b', 'y' = 'it''s;')"),
                        new SqlScript.Statement(
                                5, "SELECT `a;b`, \"c;d\" -- trailing; comment\nFROM t")),
                script.statements());
    }

    @Test
    void aLastStatementNeedsNoSemicolonAndKeywordsSkipComments() {
        SqlScript script = SqlScript.parse("t.sql", "SET 'a' = 'b';\n\n  /* hi */ select 1\n");
        assertEquals(2, script.statements().size());
        assertEquals(3, script.statements().get(1).line());
        assertEquals("SET", script.statements().get(0).keyword());
        assertEquals("SELECT", script.statements().get(1).keyword());
        assertEquals(List.of(), SqlScript.parse("t.sql", "-- nothing\n;;\n").statements());
    }

    @Test
    void placeholdersAreFilledAndMistakesNamed() {
        SqlScript script = SqlScript.parse("t.sql", "SELECT ${a}, ${b-c}, '${a}' FROM t");
        assertEquals(
                "SELECT 1, x$y, '1' FROM t",
                script.fill(Map.of("a", "1", "b-c", "x$y")).statements().get(0).text());
        assertEquals(
                "t.sql: no value for ${[b-c]}; no placeholder for [z]",
                assertThrows(
                                IllegalStateException.class,
                                () -> script.fill(Map.of("a", "1", "z", "2")))
                        .getMessage());
    }
}
