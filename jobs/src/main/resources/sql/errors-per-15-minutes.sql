-- errors-per-15-minutes --impl sql: the seed's errors every 15 minutes,
--   logs.filter(col("level") == "ERROR").groupBy(window("timestamp", "15 minutes"), "service").count()
-- in Flink SQL. ${out-of-orderness} is --out-of-orderness (INTERVAL '0' SECOND by default).

-- Log lines, {"service":"checkout","level":"ERROR","message":"...","timestamp":"2025-03-29T10:02:00Z"},
-- read by the source that --source chooses and decoded by flink-json; a record that it cannot
-- decode, or that lacks a NOT NULL field, is a dead letter. The watermark follows lines of every
-- level, as the DataStream job's does.
CREATE TABLE logs (
  service     STRING NOT NULL,
  level       STRING NOT NULL,
  message     STRING,
  `timestamp` TIMESTAMP_LTZ(3) NOT NULL,
  WATERMARK FOR `timestamp` AS `timestamp` - ${out-of-orderness}
) WITH (
  'connector' = 'job-source',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

-- Spark's filter before the window: only ERROR lines reach the window, so only a late ERROR line
-- is a late row (counted in numLateRecordsDropped), as only a late ERROR line reaches the
-- DataStream job's late output.
CREATE TEMPORARY VIEW errors AS
SELECT * FROM logs WHERE level = 'ERROR';

SELECT window_start, window_end, service, COUNT(*) AS errors
FROM TABLE(TUMBLE(TABLE errors, DESCRIPTOR(`timestamp`), INTERVAL '15' MINUTE))
GROUP BY window_start, window_end, service;
