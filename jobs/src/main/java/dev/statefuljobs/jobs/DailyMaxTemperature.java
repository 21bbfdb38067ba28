package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.SensorReading;
import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.window.WindowedResult;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/** A sensor's highest reading of a UTC day: {@code {"sensor_id","day","max_temperature","at"}}. */
public class DailyMaxTemperature extends WindowedResult {
    public String sensorId;

    /** The UTC day, e.g. 2025-03-29. */
    public String day;

    public double maxTemperature;

    /** When the highest reading was taken, milliseconds since the epoch. */
    public long at;

    public DailyMaxTemperature() {}

    public DailyMaxTemperature(String sensorId, TimeWindow window, SensorReading max) {
        this.sensorId = sensorId;
        this.day =
                Instant.ofEpochMilli(window.getStart())
                        .atOffset(ZoneOffset.UTC)
                        .toLocalDate()
                        .toString();
        this.maxTemperature = max.temperature;
        this.at = max.timestamp;
    }

    /**
     * A row of the SQL twin: the sensor, its day's start and the highest reading's value and time.
     */
    public DailyMaxTemperature(
            String sensorId, Instant dayStart, double maxTemperature, Instant at) {
        this.sensorId = sensorId;
        this.day = dayStart.atOffset(ZoneOffset.UTC).toLocalDate().toString();
        this.maxTemperature = maxTemperature;
        this.at = at.toEpochMilli();
    }

    @Override
    public String key() {
        return sensorId;
    }

    @Override
    public String toJson() {
        return JsonLine.object()
                .field("sensor_id", sensorId)
                .field("day", day)
                .field("max_temperature", maxTemperature)
                .instant("at", at)
                .flag("update", update)
                .toString();
    }
}
