package dev.statefuljobs.jobs.sql;

import java.io.Serializable;

/** A {@link TextRule} for the physical column at {@code index} of a table's rows. */
record ColumnRule(int index, String name, TextRule rule) implements Serializable {}
