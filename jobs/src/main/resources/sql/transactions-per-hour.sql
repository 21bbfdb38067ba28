-- transactions-per-hour --impl sql: the seed's transactions per hour,
--   df.groupBy(window(col("transactionTime"), "1 hour")).agg(count("*"), sum("amount"))
-- in Flink SQL. ${out-of-orderness} is --out-of-orderness (INTERVAL '0' SECOND by default).

-- Transactions, {"userId":"user1","transactionTime":"2025-03-29 10:05:00","amount":50.0}, read by
-- the source that --source chooses and decoded by flink-json. The seed mixes three forms of
-- transactionTime in one field: epoch seconds (1743244800), "yyyy-MM-dd HH:mm:ss" in UTC, and an
-- ISO-8601 instant ("2025-03-29T11:10:00Z", or with an offset such as +02:00). No typed JSON column
-- reads all three, so the field is a STRING (flink-json gives a number's digits) and ts converts
-- it. The source applies the DataStream format's rule to the text first: a value that it refuses
-- (not a time, out of range) is a dead letter with the same reason, so ts is never null.
CREATE TABLE transactions (
  userId          STRING NOT NULL,
  transactionId   STRING,
  transactionTime STRING NOT NULL,
  amount          DOUBLE NOT NULL,
  ts AS CASE
    -- epoch seconds (the rule reads "-0" as 0 too)
    WHEN REGEXP(transactionTime, '^-?[0-9]+$')
      THEN TO_TIMESTAMP_LTZ(CAST(transactionTime AS BIGINT), 0)
    -- "yyyy-MM-dd HH:mm:ss": a local time in the session time zone, which the twin sets to UTC
    WHEN SUBSTRING(transactionTime FROM 11 FOR 1) = ' '
      THEN CAST(transactionTime AS TIMESTAMP_LTZ(3))
    -- ISO-8601: the local date-time (seconds optional, the fraction kept to the millisecond) less
    -- the offset (none for Z; +HH:MM or +HH:MM:SS)
    ELSE TIMESTAMPADD(
      SECOND,
      CASE
        WHEN transactionTime LIKE '%Z' THEN 0
        ELSE (CASE WHEN REGEXP_EXTRACT(transactionTime, '([+-])[0-9:]+$', 1) = '-' THEN 1 ELSE -1 END)
             * (CAST(REGEXP_EXTRACT(transactionTime, '[+-]([0-9]{2}):[0-9]{2}(:[0-9]{2})?$', 1) AS INT) * 3600
                + CAST(REGEXP_EXTRACT(transactionTime, '[+-][0-9]{2}:([0-9]{2})(:[0-9]{2})?$', 1) AS INT) * 60
                + COALESCE(CAST(REGEXP_EXTRACT(transactionTime, '[+-][0-9]{2}:[0-9]{2}:([0-9]{2})$', 1) AS INT), 0))
      END,
      CAST(
        REGEXP_EXTRACT(transactionTime, '^([0-9]{4}-[0-9]{2}-[0-9]{2})T', 1) || ' '
          || REGEXP_EXTRACT(transactionTime, 'T([0-9]{2}:[0-9]{2})', 1)
          || COALESCE(REGEXP_EXTRACT(transactionTime, 'T[0-9]{2}:[0-9]{2}(:[0-9]{2})', 1), ':00')
          || COALESCE('.' || NULLIF(REGEXP_EXTRACT(transactionTime, 'T[0-9]{2}:[0-9]{2}:[0-9]{2}\.([0-9]*)', 1), ''), '')
        AS TIMESTAMP_LTZ(3)))
  END,
  WATERMARK FOR ts AS ts - ${out-of-orderness}
) WITH (
  'connector' = 'job-source',
  'format' = 'json'
);

-- One group per hour for all users, as the DataStream job's constant key.
SELECT window_start, window_end, COUNT(*) AS transactions, SUM(amount) AS total_amount
FROM TABLE(TUMBLE(TABLE transactions, DESCRIPTOR(ts), INTERVAL '1' HOUR))
GROUP BY window_start, window_end;
