package dev.statefuljobs.common.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of SQL statements, split at the semicolons that end them: the SQL twins' resources and
 * {@code scripts/sql.sh -f}. A semicolon inside a string literal ({@code 'a;b'}), a quoted
 * identifier ({@code `a;b`}, {@code "a;b"}) or a comment ({@code -- ...}, {@code /* ... *}{@code
 * /}) does not end a statement. Each statement starts at its first character of code and keeps the
 * line of the file it starts on, so that the parser's positions (line 1 is the statement's first
 * line) point into the file; comments inside a statement stay (Flink's parser skips them), and a
 * piece that holds only comments and blanks is not a statement.
 *
 * <p>{@code ${name}} placeholders are filled by {@link #fill}: a twin's resource is the query with
 * its flags left as names ({@code ${window}}), readable on its own.
 */
public final class SqlScript {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9-]+)}");

    /**
     * One statement of a script.
     *
     * @param line the 1-based line of the file on which the statement starts
     * @param text the statement without its terminating semicolon
     */
    public record Statement(int line, String text) {

        /**
         * The statement's first word in upper case ({@code SELECT}, {@code CREATE}, {@code INSERT},
         * ...), comments skipped.
         */
        public String keyword() {
            String code = withoutComments(text).strip();
            int end = 0;
            while (end < code.length() && Character.isLetter(code.charAt(end))) {
                end++;
            }
            return code.substring(0, end).toUpperCase(java.util.Locale.ROOT);
        }
    }

    private final String name;
    private final List<Statement> statements;

    private SqlScript(String name, List<Statement> statements) {
        this.name = name;
        this.statements = List.copyOf(statements);
    }

    /** Splits {@code text}, read from {@code name} (a file or resource, for messages). */
    public static SqlScript parse(String name, String text) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = 0; // 0: no code in the current statement yet
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int end = i + 1;
            boolean code = true;
            if (c == '\'' || c == '"' || c == '`') {
                end = closing(text, i, c);
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                code = false;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                code = false;
            } else if (c == ';') {
                add(statements, current, startLine);
                startLine = 0;
                i = end;
                continue;
            } else if (Character.isWhitespace(c)) {
                code = false;
            }
            String piece = text.substring(i, end);
            if (startLine == 0 && code) {
                // A statement starts at its first character of code: comments and blanks before it
                // are left out, so that the parser's line 1 is the statement's first line.
                startLine = line;
            }
            if (startLine != 0) {
                current.append(piece);
            }
            line += count(piece, '\n');
            i = end;
        }
        add(statements, current, startLine);
        return new SqlScript(name, statements);
    }

    /** Where the script came from: a file name or a resource. */
    public String name() {
        return name;
    }

    public List<Statement> statements() {
        return statements;
    }

    /**
     * The same script with every {@code ${name}} replaced by {@code values.get(name)}. A
     * placeholder without a value, or a value that no placeholder uses, is a mistake in the script
     * or in the code that fills it: both are refused, naming them.
     */
    public SqlScript fill(Map<String, String> values) {
        Set<String> missing = new LinkedHashSet<>();
        Set<String> unused = new LinkedHashSet<>(values.keySet());
        List<Statement> filled = new ArrayList<>();
        for (Statement statement : statements) {
            Matcher m = PLACEHOLDER.matcher(statement.text());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    missing.add(m.group(1));
                    value = m.group();
                }
                unused.remove(m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            filled.add(new Statement(statement.line(), out.toString()));
        }
        if (!missing.isEmpty() || !unused.isEmpty()) {
            throw new IllegalStateException(
                    name
                            + ": "
                            + (missing.isEmpty() ? "" : "no value for ${" + missing + "}")
                            + (!missing.isEmpty() && !unused.isEmpty() ? "; " : "")
                            + (unused.isEmpty() ? "" : "no placeholder for " + unused));
        }
        return new SqlScript(name, filled);
    }

    /** The text with {@code --} and block comments removed, quoted text kept. */
    static String withoutComments(String text) {
        StringBuilder code = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(text, i, c);
                code.append(text, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    /**
     * The index just after the quote that closes the one at {@code start}; a doubled quote is an
     * escaped one ({@code 'it''s'}). An unclosed quote runs to the end: the parser reports it.
     */
    private static int closing(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    private static void add(List<Statement> statements, StringBuilder current, int line) {
        if (line != 0) {
            statements.add(new Statement(line, current.toString().stripTrailing()));
        }
        current.setLength(0);
    }

    private static int count(String s, char c) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }
}
