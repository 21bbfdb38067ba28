-- user-sessions --time event --impl sql: the seed's sessions as Spark's session window,
--   df.groupBy(session_window(df.eventtimestamp, "30 seconds"), df.user_id).count()
-- in Flink SQL: one row per ended session. The job fills in its flags: ${gap} is --gap
-- (INTERVAL '30' SECOND by default), ${out-of-orderness} is --out-of-orderness (INTERVAL '0' SECOND
-- by default).

-- The seed's clicks, {"user_id":"user1","event":"click","eventtimestamp":"2023-07-30T10:00:00Z"},
-- read by the source that --source chooses and decoded by flink-json; a record that it cannot
-- decode, or that lacks a NOT NULL field, is a dead letter.
CREATE TABLE clicks (
  user_id        STRING NOT NULL,
  event          STRING,
  eventtimestamp TIMESTAMP_LTZ(3) NOT NULL,
  WATERMARK FOR eventtimestamp AS eventtimestamp - ${out-of-orderness}
) WITH (
  'connector' = 'job-source',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

-- A session window per user: clicks less than the gap apart are one session, from its first click
-- to its last click + the gap, emitted once when the watermark passes its end. Sessions merge by
-- event time: a click that arrives late but within the watermark can join two sessions into one.
SELECT user_id, window_start, window_end, COUNT(*) AS clicks
FROM TABLE(SESSION(TABLE clicks PARTITION BY user_id, DESCRIPTOR(eventtimestamp), ${gap}))
GROUP BY user_id, window_start, window_end;
