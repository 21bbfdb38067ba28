package dev.statefuljobs.common.format;

/** An output record that knows its one-line JSON form, which is what every sink writes. */
public interface JsonRecord {
    String toJson();
}
