package dev.statefuljobs.state;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Collection;

/** JSON that {@code JsonLine} does not write itself. */
final class Json {

    private Json() {}

    /** A JSON array of strings, e.g. {@code ["v1","v2"]}. */
    static String array(Collection<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String value : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"');
            JsonStringEncoder.getInstance().quoteAsString(value, out);
            out.append('"');
        }
        return out.append(']').toString();
    }
}
