-- max-temperature-per-day --impl sql: the seed's maximum temperature per day,
--   readings.withWatermark("timestamp", "1 minute")
--           .groupBy(window("timestamp", "1 day"), "sensor_id").agg(max("temperature"))
-- in Flink SQL, with the time of the maximum. ${out-of-orderness} is --out-of-orderness
-- (INTERVAL '0' SECOND by default).

-- Sensor readings, {"sensor_id":"s1","temperature":21.5,"timestamp":"2025-03-29T14:00:00Z"}, read by
-- the source that --source chooses and decoded by flink-json; a record that it cannot decode, or
-- that lacks a NOT NULL field, is a dead letter.
CREATE TABLE readings (
  sensor_id   STRING NOT NULL,
  temperature DOUBLE NOT NULL,
  `timestamp` TIMESTAMP_LTZ(3) NOT NULL,
  WATERMARK FOR `timestamp` AS `timestamp` - ${out-of-orderness}
) WITH (
  'connector' = 'job-source',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

-- MAX(temperature) alone loses the time of the maximum, so this is a window Top-N: the first
-- reading per sensor and UTC day, highest first and, of equal ones, the earliest (as the DataStream
-- job's tie-break), emitted once when the watermark passes the day's end. A day is a UTC day
-- because the twin's session time zone is UTC.
SELECT window_start, window_end, sensor_id, temperature, `timestamp`
FROM (
  SELECT *,
         ROW_NUMBER() OVER (PARTITION BY window_start, window_end, sensor_id
                            ORDER BY temperature DESC, `timestamp` ASC) AS rownum
  FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(`timestamp`), INTERVAL '1' DAY))
)
WHERE rownum = 1;
