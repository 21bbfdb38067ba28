package dev.statefuljobs.common.events;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;

/**
 * A temperature reading: {@code
 * {"sensor_id":"s1","temperature":21.5,"timestamp":"2025-03-29T10:00:00Z"}}.
 */
public class SensorReading implements JsonRecord {
    public String sensorId;
    public double temperature;

    /** Event time, milliseconds since the epoch. */
    public long timestamp;

    public SensorReading() {}

    public SensorReading(String sensorId, double temperature, long timestamp) {
        this.sensorId = sensorId;
        this.temperature = temperature;
        this.timestamp = timestamp;
    }

    @Override
    public String toJson() {
        return JsonLine.object()
                .field("sensor_id", sensorId)
                .field("temperature", temperature)
                .instant("timestamp", timestamp)
                .toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
