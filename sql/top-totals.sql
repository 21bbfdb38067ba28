-- The ten users with the largest totals over the Kafka topic `transactions`, in Flink SQL: Spark's
--   df.groupBy("userId").agg(sum("amount").alias("total")).orderBy(desc("total")).limit(10)
-- in complete output mode. Flink has no complete mode: the Top-N query below keeps the ten rows up
-- to date and prints its changelog, each row with its kind in the `op` column (+I a row enters the
-- ten, -U/+U a row's total or rank changes, -D a row leaves the ten).
--
--   scripts/kafka.sh start && scripts/kafka.sh topics
--   scripts/produce.sh transactions scripts/samples/transactions.jsonl
--   scripts/sql.sh -f sql/top-totals.sql
--
-- As in sql/clicks-per-minute.sql, a record that flink-json cannot decode fails the query.

CREATE TABLE transactions (
  userId          STRING,
  transactionId   STRING,
  transactionTime BIGINT,  -- epoch seconds, as in the seed's schema (LongType)
  amount          DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'transactions',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sql-top-totals',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);

-- Each user's running total (an updating table), ranked; ROW_NUMBER() with a filter on the rank is
-- how Flink SQL spells ORDER BY ... LIMIT on a stream.
SELECT `rank`, userId, total
FROM (
  SELECT userId, total, ROW_NUMBER() OVER (ORDER BY total DESC) AS `rank`
  FROM (SELECT userId, SUM(amount) AS total FROM transactions GROUP BY userId)
)
WHERE `rank` <= 10;
