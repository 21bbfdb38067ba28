package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.jobs.FraudRules.TimedAmount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two rules and their boundaries, on a hand-made history. */
class FraudRulesTest {

    private static final long T = 1_700_000_000_000L;
    private static final FraudRules RULES = new FraudRules(5, 1000.0);

    private static Transaction tx(long time, double amount) {
        return new Transaction("user1", "tx" + time, time, amount);
    }

    private static TimedAmount earlier(long msBefore, double amount) {
        return new TimedAmount(T - msBefore, FraudRules.cents(amount));
    }

    @Test
    void fiveWithinAMinuteCountingItselfBreakVelocity() {
        FraudAlert alert =
                RULES.evaluate(
                        tx(T, 1),
                        List.of(
                                earlier(40_000, 1),
                                earlier(30_000, 1),
                                earlier(20_000, 1),
                                earlier(0, 1)));
        assertEquals(
                "{\"userId\":\"user1\",\"transactionId\":\"tx1700000000000\",\"transactionTime\":\"2023-11-14T22:13:20Z\","
                        + "\"rules\":[\"velocity\"],\"count_1m\":5,\"spend_1h\":5.0}",
                alert.toJson());
    }

    @Test
    void aTransactionExactlyOneMinuteEarlierIsOutsideTheVelocityWindow() {
        List<TimedAmount> history =
                List.of(
                        earlier(60_000, 1),
                        earlier(30_000, 1),
                        earlier(20_000, 1),
                        earlier(10_000, 1));
        assertNull(RULES.evaluate(tx(T, 1), history));
        List<TimedAmount> oneMsLater =
                List.of(
                        earlier(59_999, 1),
                        earlier(30_000, 1),
                        earlier(20_000, 1),
                        earlier(10_000, 1));
        assertEquals(5, RULES.evaluate(tx(T, 1), oneMsLater).count1m);
    }

    @Test
    void exactlyTheLimitIsNotMoreThanIt() {
        assertNull(RULES.evaluate(tx(T, 400.0), List.of(earlier(1_800_000, 600.0))));
        FraudAlert alert = RULES.evaluate(tx(T, 400.01), List.of(earlier(1_800_000, 600.0)));
        assertEquals(
                "[spend] 1000.01",
                (alert.velocity ? "[velocity" : "[") + "spend] " + alert.spend1hCents / 100.0);
    }

    @Test
    void aTransactionExactlyOneHourEarlierIsOutsideTheSpendWindow() {
        assertNull(RULES.evaluate(tx(T, 10.0), List.of(earlier(3_600_000, 995.0))));
        assertEquals(
                100_500L,
                RULES.evaluate(tx(T, 10.0), List.of(earlier(3_599_999, 995.0))).spend1hCents);
    }

    @Test
    void bothRulesAreListedVelocityFirst() {
        FraudAlert alert =
                RULES.evaluate(
                        tx(T, 300),
                        List.of(
                                earlier(40_000, 300),
                                earlier(30_000, 300),
                                earlier(20_000, 300),
                                earlier(10_000, 300)));
        assertEquals(
                "\"rules\":[\"velocity\",\"spend\"],\"count_1m\":5,\"spend_1h\":1500.0",
                alert.toJson().replaceAll(".*(\"rules\".*)}", "$1"));
    }

    @Test
    void amountsAreSummedInCents() {
        // 0.1 + 0.2 is 0.30000000000000004 in doubles; in cents it is 30.
        FraudRules tight = new FraudRules(5, 0.3);
        assertNull(tight.evaluate(tx(T, 0.2), List.of(earlier(1000, 0.1))));
    }
}
