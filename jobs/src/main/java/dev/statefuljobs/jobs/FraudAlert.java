package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;

/**
 * A transaction that broke at least one fraud rule: {@code
 * {"userId":"user3","transactionId":"tx3205","transactionTime":"2023-11-14T22:15:40Z",
 * "rules":["velocity","spend"],"count_1m":5,"spend_1h":1500.0}}. {@code rules} lists only the
 * broken rules, velocity first.
 */
public class FraudAlert implements JsonRecord {
    public String userId;
    public String transactionId;
    public long transactionTime;
    public boolean velocity;
    public boolean spend;

    /** The user's transactions in (time - 1 minute, time], this one included. */
    public int count1m;

    /** The sum of the user's transactions in (time - 1 hour, time], this one included, in cents. */
    public long spend1hCents;

    public FraudAlert() {}

    @Override
    public String key() {
        return userId;
    }

    @Override
    public String toJson() {
        String rules =
                velocity && spend
                        ? "[\"velocity\",\"spend\"]"
                        : velocity ? "[\"velocity\"]" : "[\"spend\"]";
        return JsonLine.object()
                .field("userId", userId)
                .field("transactionId", transactionId)
                .instant("transactionTime", transactionTime)
                .json("rules", rules)
                .field("count_1m", count1m)
                .field("spend_1h", spend1hCents / 100.0)
                .toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
