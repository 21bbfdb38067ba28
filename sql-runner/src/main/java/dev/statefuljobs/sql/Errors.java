package dev.statefuljobs.sql;

import dev.statefuljobs.common.sql.SqlScript;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed statement in one or two lines, instead of a stack trace: where it is in the file, the
 * first line of Flink's message (e.g. {@code SQL parse failed. Encountered "FORM" at line 3, column
 * 1.}, {@code ... Object 'clickz' not found}), and, when that line does not already say it, the
 * first line of the root cause. Flink counts lines from the statement's start; they are turned into
 * lines of the file.
 */
final class Errors {

    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    private Errors() {}

    static String describe(SqlScript script, SqlScript.Statement statement, Throwable e) {
        String first = inFile(firstLine(e), statement.line());
        String root = inFile(firstLine(rootCause(e)), statement.line());
        StringBuilder message =
                new StringBuilder("error: ")
                        .append(SqlRunner.where(script, statement))
                        .append(": ")
                        .append(first);
        if (!root.isEmpty() && !first.contains(root)) {
            message.append("\n  caused by: ").append(root);
        }
        return message.toString();
    }

    /** The root cause's first line, for failures outside a statement (a job, the cluster). */
    static String rootMessage(Throwable e) {
        Throwable root = rootCause(e);
        String line = firstLine(root);
        return line.isEmpty() ? root.getClass().getSimpleName() : line;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }

    /** "line 1, column 8" of a statement that starts on line 12 of the file is line 12. */
    static String inFile(String message, int statementLine) {
        Matcher m = POSITION.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int line = Integer.parseInt(m.group(1)) + statementLine - 1;
            m.appendReplacement(out, "line " + line + ", column " + m.group(2));
        }
        m.appendTail(out);
        return out.toString();
    }
}
