package dev.statefuljobs.jobs.sql;

import java.io.Serializable;

/**
 * The DataStream format's rule for a field that a twin's table reads as {@code STRING} and converts
 * in a computed column, e.g. a time that is epoch seconds or a date-time string. flink-json reads
 * any such value, so the source applies the format's rule: a value that it refuses becomes a dead
 * letter with the format's reason, where the SQL conversion would give a null event time that fails
 * the query in an operator, where nothing can route the record.
 */
@FunctionalInterface
public interface TextRule extends Serializable {

    /**
     * Checks a value's text.
     *
     * @throws IllegalArgumentException saying what is wrong, e.g. {@code not an ISO-8601 instant:
     *     'x'}
     */
    void check(String text);
}
