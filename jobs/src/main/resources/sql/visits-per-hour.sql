-- visits-per-hour --impl sql: the seed's website visits per hour,
--   visits.groupBy(window("timestamp", "1 hour"), "page").agg(count("*"), countDistinct("visitor_id"))
-- in Flink SQL. ${out-of-orderness} is --out-of-orderness (INTERVAL '0' SECOND by default).

-- Page visits, {"page":"/home","visitor_id":"v1","timestamp":"2025-03-29T10:05:00Z"}, read by the
-- source that --source chooses and decoded by flink-json; a record that it cannot decode, or that
-- lacks a NOT NULL field, is a dead letter.
CREATE TABLE page_visits (
  page        STRING NOT NULL,
  visitor_id  STRING NOT NULL,
  `timestamp` TIMESTAMP_LTZ(3) NOT NULL,
  WATERMARK FOR `timestamp` AS `timestamp` - ${out-of-orderness}
) WITH (
  'connector' = 'job-source',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

-- COUNT(DISTINCT ...) is exact: the window keeps each page-hour's visitors in its state until the
-- hour is emitted (Spark's streaming countDistinct is not supported; approx_count_distinct is its
-- bounded-memory form).
SELECT window_start, window_end, page,
       COUNT(*) AS visits,
       COUNT(DISTINCT visitor_id) AS unique_visitors
FROM TABLE(TUMBLE(TABLE page_visits, DESCRIPTOR(`timestamp`), INTERVAL '1' HOUR))
GROUP BY window_start, window_end, page;
