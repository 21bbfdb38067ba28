package dev.statefuljobs.common.format;

import static dev.statefuljobs.common.format.JsonObjectReader.required;

import dev.statefuljobs.common.events.SensorReading;
import dev.statefuljobs.common.generator.EventGenerator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Sensor readings. {@code sensor_id}, {@code temperature} (a number) and {@code timestamp}
 * (ISO-8601) are required.
 */
public final class SensorReadingFormat implements EventFormat<SensorReading> {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "sensor-readings";
    }

    @Override
    public TypeInformation<SensorReading> type() {
        return Types.POJO(SensorReading.class);
    }

    @Override
    public SensorReading read(JsonObjectReader r) throws InvalidRecordException {
        String sensorId = null;
        Double temperature = null;
        Long time = null;
        while (r.nextField()) {
            if (r.isNull()) continue;
            switch (r.name()) {
                case "sensor_id":
                    sensorId = r.nonEmptyString();
                    break;
                case "temperature":
                    temperature = r.finiteDouble();
                    break;
                case "timestamp":
                    time = r.isoInstant();
                    break;
                default:
                    r.skipValue();
            }
        }
        return new SensorReading(
                required(sensorId, "sensor_id"),
                required(temperature, "temperature"),
                required(time, "timestamp"));
    }

    @Override
    public long eventTime(SensorReading reading) {
        return reading.timestamp;
    }

    /**
     * Readings between -10.0 and 40.0 degrees: {@code
     * {"sensor_id":"sensor2","temperature":21.5,"timestamp":...}}.
     */
    @Override
    public EventGenerator generator() {
        return (index, key, time, rnd) ->
                JsonLine.object()
                        .field("sensor_id", "sensor" + key)
                        .field("temperature", (rnd.nextInt(501) - 100) / 10.0)
                        .instant("timestamp", time)
                        .toString();
    }
}
