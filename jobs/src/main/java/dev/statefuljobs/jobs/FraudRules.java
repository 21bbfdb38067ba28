package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Transaction;
import java.io.Serializable;
import java.time.Duration;

/**
 * The two rules of fraud-alerts, on a user's history in event time. A transaction at time t breaks
 * <b>velocity</b> when the user has at least {@code maxCount} transactions with time in (t - 1
 * minute, t], itself included, and <b>spend</b> when their amounts in (t - 1 hour, t], itself
 * included, sum to more than {@code maxSpend}. Both windows are open at their start: a transaction
 * exactly 1 minute (1 hour) earlier is outside. Amounts are summed in cents, so that 600.00 +
 * 400.00 is exactly 1000.00 and does not break a limit of 1000.0.
 */
public final class FraudRules implements Serializable {
    private static final long serialVersionUID = 1L;

    static final Duration VELOCITY_WINDOW = Duration.ofMinutes(1);
    static final Duration SPEND_WINDOW = Duration.ofHours(1);

    private final int maxCount;
    private final long maxSpendCents;

    public FraudRules(int maxCount, double maxSpend) {
        this.maxCount = maxCount;
        this.maxSpendCents = cents(maxSpend);
    }

    /** An amount in whole cents (rounded half up), the unit the rules sum in. */
    public static long cents(double amount) {
        return Math.round(amount * 100);
    }

    /** How far back a transaction can still count: older history can be dropped. */
    public static long horizonMs() {
        return SPEND_WINDOW.toMillis();
    }

    /**
     * Evaluates {@code tx} against the user's earlier transactions ({@code history}: those
     * evaluated before it, all at or before its time), or returns null when it breaks no rule.
     */
    public FraudAlert evaluate(Transaction tx, Iterable<TimedAmount> history) {
        long t = tx.transactionTime;
        int count = 1;
        long spend = cents(tx.amount);
        for (TimedAmount earlier : history) {
            if (earlier.time > t - VELOCITY_WINDOW.toMillis()) {
                count++;
            }
            if (earlier.time > t - SPEND_WINDOW.toMillis()) {
                spend += earlier.cents;
            }
        }
        boolean velocity = count >= maxCount;
        boolean overSpend = spend > maxSpendCents;
        if (!velocity && !overSpend) {
            return null;
        }
        FraudAlert alert = new FraudAlert();
        alert.userId = tx.userId;
        alert.transactionId = tx.transactionId;
        alert.transactionTime = t;
        alert.velocity = velocity;
        alert.spend = overSpend;
        alert.count1m = count;
        alert.spend1hCents = spend;
        return alert;
    }

    /** One evaluated transaction in a user's history: its event time and amount in cents. */
    public static class TimedAmount {
        public long time;
        public long cents;

        public TimedAmount() {}

        public TimedAmount(long time, long cents) {
            this.time = time;
            this.cents = cents;
        }
    }
}
