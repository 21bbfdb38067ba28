package dev.statefuljobs.common.io;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;

/**
 * A record that could not be processed, with the reason. The raw input is kept as a JSON-escaped
 * string, or as base64 when it is not valid UTF-8, so any bytes a topic can carry survive the trip
 * to the dead-letter output. Oversized records keep only a prefix (see {@link
 * RecordParser#MAX_RAW_KEPT}).
 */
public class DeadLetter implements JsonRecord {
    public String source;
    public String reason;
    public String raw;
    public String rawBase64;
    public boolean truncated;

    public DeadLetter() {}

    public DeadLetter(
            String source, String reason, String raw, String rawBase64, boolean truncated) {
        this.source = source;
        this.reason = reason;
        this.raw = raw;
        this.rawBase64 = rawBase64;
        this.truncated = truncated;
    }

    @Override
    public String toJson() {
        JsonLine line = JsonLine.object().field("source", source).field("reason", reason);
        if (rawBase64 != null) {
            line.field("raw_base64", rawBase64);
        } else {
            line.field("raw", raw);
        }
        return line.flag("truncated", truncated).toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
