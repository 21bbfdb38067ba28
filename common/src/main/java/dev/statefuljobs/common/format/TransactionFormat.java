package dev.statefuljobs.common.format;

import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.generator.EventGenerator;
import dev.statefuljobs.common.time.Timestamps;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The seed's transaction JSON. {@code transactionTime} is epoch seconds as in the seed's schema
 * (LongType), or a string: "yyyy-MM-dd HH:mm:ss" in UTC as in the seed's walkthrough, or an
 * ISO-8601 instant.
 */
public final class TransactionFormat implements EventFormat<Transaction> {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "transactions";
    }

    @Override
    public TypeInformation<Transaction> type() {
        return TypeInformation.of(Transaction.class);
    }

    @Override
    public Transaction read(JsonObjectReader r) throws InvalidRecordException {
        String userId = null;
        String transactionId = null;
        long time = 0;
        boolean hasTime = false;
        double amount = 0;
        boolean hasAmount = false;
        while (r.nextField()) {
            switch (r.name()) {
                case "userId":
                    userId = r.isNull() ? null : r.nonEmptyString();
                    break;
                case "transactionId":
                    transactionId = r.isNull() ? null : r.string();
                    break;
                case "transactionTime":
                    if (!r.isNull()) {
                        time = transactionTime(r);
                        hasTime = true;
                    }
                    break;
                case "amount":
                    if (!r.isNull()) {
                        amount = r.finiteDouble();
                        hasAmount = true;
                    }
                    break;
                default:
                    r.skipValue();
            }
        }
        if (userId == null) throw JsonObjectReader.missing("userId");
        if (!hasTime) throw JsonObjectReader.missing("transactionTime");
        if (!hasAmount) throw JsonObjectReader.missing("amount");
        return new Transaction(userId, transactionId, time, amount);
    }

    @Override
    public long eventTime(Transaction t) {
        return t.transactionTime;
    }

    /**
     * {@code
     * {"userId":"user3","transactionId":"tx42","transactionTime":1735689604,"amount":12.34}}: epoch
     * seconds, as in the seed's schema, and an amount of 0.01 to 1000.00.
     */
    @Override
    public EventGenerator generator() {
        return (index, key, time, rnd) ->
                JsonLine.object()
                        .field("userId", "user" + key)
                        .field("transactionId", "tx" + index)
                        .field("transactionTime", Math.floorDiv(time, 1000L))
                        .field("amount", (1 + rnd.nextInt(100_000)) / 100.0)
                        .toString();
    }

    /**
     * The rule for a {@code transactionTime} read as text, as a SQL twin's {@code STRING} column
     * holds it (a JSON number's digits, or a string's content): an integer is epoch seconds,
     * anything else a date-time string; milliseconds since the epoch.
     *
     * @throws IllegalArgumentException with the same problem as the record's dead letter states
     */
    public static long transactionTimeText(String text) {
        if (isInteger(text)) {
            try {
                return Timestamps.fromEpochSeconds(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("epoch seconds out of range: " + text);
            }
        }
        return Timestamps.parseInstantOrLocal(text);
    }

    private static boolean isInteger(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long transactionTime(JsonObjectReader r) throws InvalidRecordException {
        try {
            return r.isInteger()
                    ? Timestamps.fromEpochSeconds(r.integer())
                    : Timestamps.parseInstantOrLocal(r.string());
        } catch (IllegalArgumentException e) {
            throw r.invalid("is " + e.getMessage());
        }
    }
}
