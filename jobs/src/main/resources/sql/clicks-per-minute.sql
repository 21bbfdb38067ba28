-- clicks-per-minute --impl sql: the seed's first example,
--   df.groupBy(window(df.eventtimestamp, "1 minute"), df.user_id).count()
-- in Flink SQL. The job fills in its flags: ${window} is --window (INTERVAL '1' MINUTE by default),
-- ${out-of-orderness} is --out-of-orderness (INTERVAL '0' SECOND by default).

-- The seed's clicks, {"user_id":"user1","event":"click","eventtimestamp":"2023-07-30T10:00:00Z"},
-- read by the source that --source chooses (sample, file, Kafka, ...) and decoded by flink-json.
-- A record that flink-json cannot decode, or that lacks a NOT NULL field, is a dead letter.
CREATE TABLE clicks (
  user_id        STRING NOT NULL,
  event          STRING,
  eventtimestamp TIMESTAMP_LTZ(3) NOT NULL,
  -- Spark's withWatermark: the watermark trails the newest click by --out-of-orderness.
  WATERMARK FOR eventtimestamp AS eventtimestamp - ${out-of-orderness}
) WITH (
  'connector' = 'job-source',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

-- Spark's window(ts, "1 minute") is a tumbling window table-valued function; the aggregate emits
-- each window once, when the watermark passes its end (Spark's append mode).
SELECT window_start, window_end, user_id, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(eventtimestamp), ${window}))
GROUP BY window_start, window_end, user_id;
