package dev.statefuljobs.common.window;

import dev.statefuljobs.common.format.JsonRecord;

/**
 * The base of every windowed job's result. {@link #update} is set on a window's late re-firing: a
 * record arrived after the window had been emitted, within {@code --allowed-lateness}, and this
 * result replaces the earlier one. A result's {@code toJson()} adds it with {@code
 * JsonLine.flag("update", update)}.
 */
public abstract class WindowedResult implements JsonRecord {
    public boolean update;

    @Override
    public String toString() {
        return toJson();
    }
}
