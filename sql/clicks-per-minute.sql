-- The seed's first example over the Kafka topic `clicks`, in Flink SQL:
--   df.groupBy(window(df.eventtimestamp, "1 minute"), df.user_id).count()
--
--   scripts/kafka.sh start && scripts/kafka.sh topics
--   scripts/produce.sh clicks scripts/samples/clicks.jsonl
--   scripts/sql.sh -f sql/clicks-per-minute.sql          # prints the seed's four counts, then ends
--
-- The job `clicks-per-minute --impl sql` runs the same query (jobs/src/main/resources/sql/) through
-- the jobs' own sources, which route bad records to a dead-letter output. Plain Flink SQL cannot:
-- here a record that flink-json cannot decode fails the query ('json.ignore-parse-errors' = 'true'
-- would skip it without a trace). See docs/porting-spark-sql.md.

-- Spark's from_json(value, schema) is the table's schema and 'format' = 'json'; its
-- withWatermark("eventtimestamp", "0 seconds") is the WATERMARK clause.
CREATE TABLE clicks (
  user_id        STRING,
  event          STRING,
  eventtimestamp TIMESTAMP_LTZ(3),
  WATERMARK FOR eventtimestamp AS eventtimestamp - INTERVAL '0' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'clicks',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sql-clicks-per-minute',
  'scan.startup.mode' = 'earliest-offset',
  -- Read what the topic holds now, then end (as a job's --bounded): the last windows close at the end.
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

-- window(eventtimestamp, "1 minute") is the TUMBLE table-valued function; the aggregate emits each
-- window once, when the watermark passes its end (Spark's append mode).
SELECT window_start, window_end, user_id, COUNT(*) AS `count`
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(eventtimestamp), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, user_id;
