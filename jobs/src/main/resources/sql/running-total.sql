-- running-total --impl sql: the seed's built-in alternative to its update function,
--   df.groupBy("userId").agg(sum("amount"))
-- in Flink SQL. ${out-of-orderness} is --out-of-orderness (INTERVAL '0' SECOND by default).

-- The seed's transactions,
-- {"userId":"user1","transactionId":"tx1001","transactionTime":1700000000,"amount":50.0},
-- transactionTime in epoch seconds as in the seed's schema (LongType). Decoded by flink-json; a
-- record that it cannot decode, or that lacks a NOT NULL field, is a dead letter.
CREATE TABLE transactions (
  userId          STRING NOT NULL,
  transactionId   STRING,
  transactionTime BIGINT NOT NULL,
  amount          DOUBLE NOT NULL,
  ts AS TO_TIMESTAMP_LTZ(transactionTime, 0),
  WATERMARK FOR ts AS ts - ${out-of-orderness}
) WITH (
  'connector' = 'job-source',
  'format' = 'json'
);

-- An updating result (Spark's update or complete mode): each transaction retracts its user's
-- previous total (-U) and adds the new one (+U); a user's first total is an insert (+I).
SELECT userId, SUM(amount) AS total
FROM transactions
GROUP BY userId;
