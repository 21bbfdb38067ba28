package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.Harnesses.drain;
import static dev.statefuljobs.common.groupstate.Harnesses.keyedStateEntries;
import static dev.statefuljobs.common.groupstate.Harnesses.timers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.testing.Backend;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed tutorial's three PySpark update functions, ported line by line onto {@link GroupState}.
 * Flink calls them per record, so each "batch" of the seed is one record here.
 */
class SeedPortsTest {

    /** The seed's transaction: userId, transactionTime (epoch ms here), amount. */
    public static class Tx {
        public String userId;
        public long transactionTime;
        public double amount;

        public Tx() {}

        Tx(String userId, String time, double amount) {
            this.userId = userId;
            this.transactionTime = at(time);
            this.amount = amount;
        }
    }

    /** The seed's click: user_id, eventtimestamp (epoch ms). */
    public static class Click {
        public String userId;
        public long eventTimestamp;

        public Click() {}

        Click(String userId, long eventTimestamp) {
            this.userId = userId;
            this.eventTimestamp = eventTimestamp;
        }
    }

    /** The seed's session dict {"session_start", "event_count"} as a POJO. */
    public static class Session {
        public Long sessionStart;
        public long eventCount;

        public Session() {}
    }

    static final long DAY = Instant.parse("2025-03-29T00:00:00Z").toEpochMilli();
    static final long CLICKS = Instant.parse("2023-07-30T10:00:00Z").toEpochMilli();

    static long at(String hhmm) {
        return DAY + LocalTime.parse(hhmm).toSecondOfDay() * 1000L;
    }

    static String hms(long epochMs) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC).toString();
    }

    static <T> List<T> list(Iterator<T> values) {
        List<T> out = new ArrayList<>();
        values.forEachRemaining(out::add);
        return out;
    }

    // --- running total, NoTimeout -------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Backend.class)
    void runningTotalWithNoTimeout(Backend backend) throws Exception {
        // def update_func(key, values, state):
        //     if state.exists: state.update(state.get() + sum([x.amount for x in values]))
        //     else: state.update(sum([x.amount for x in values]))
        //     return (key, state.get())
        MapGroupsWithStateFunction<String, Tx, Double, String> updateFunc =
                (key, values, state) -> {
                    double newAmount = list(values).stream().mapToDouble(x -> x.amount).sum();
                    if (state.exists()) {
                        state.update(state.get() + newAmount);
                    } else {
                        state.update(newAmount);
                    }
                    return key + "=" + state.get();
                };
        KeyedOneInputStreamOperatorTestHarness<String, Tx, String> harness =
                Harnesses.open(
                        GroupStateFunction.forMap(
                                updateFunc,
                                Types.DOUBLE,
                                TypeInformation.of(Tx.class),
                                GroupStateTimeout.NoTimeout),
                        tx -> tx.userId,
                        backend,
                        null);
        for (Tx tx :
                List.of(
                        new Tx("user1", "10:00", 50),
                        new Tx("user1", "10:01", 30),
                        new Tx("user2", "10:02", 20),
                        new Tx("user1", "10:03", 40),
                        new Tx("user2", "10:04", 60))) {
            harness.processElement(tx, tx.transactionTime);
        }
        assertThat(drain(harness))
                .containsExactly(
                        "user1=50.0", "user1=80.0", "user2=20.0", "user1=120.0", "user2=80.0");
        assertThat(timers(harness)).isZero();
        assertThat(keyedStateEntries(harness, backend)).isEqualTo(2);
        harness.close();
    }

    // --- sessions, 30 s ProcessingTimeTimeout ---------------------------------------------------

    private static final long[][] CLICK_TIMES = {{1, 0}, {1, 20}, {2, 60}, {1, 80}, {2, 120}};

    /** Feeds the seed's clicks, moving processing time to each click's time first. */
    private static void clicks(
            KeyedOneInputStreamOperatorTestHarness<String, Click, String> harness)
            throws Exception {
        for (long[] click : CLICK_TIMES) {
            long time = CLICKS + click[1] * 1000;
            harness.setProcessingTime(time);
            harness.processElement(new Click("user" + click[0], time), time);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sessionWithProcessingTimeTimeoutAsWritten(Backend backend) throws Exception {
        MapGroupsWithStateFunction<String, Click, Session, String> updateFunc =
                (userId, events, state) -> {
                    if (!state.exists()) {
                        state.update(new Session());
                    }
                    Session session = state.get();
                    while (events.hasNext()) {
                        Click event = events.next();
                        if (session.sessionStart == null) {
                            session.sessionStart = event.eventTimestamp;
                        }
                        session.eventCount += 1;
                    }
                    state.update(session);
                    state.setTimeoutDuration("30 seconds");
                    return userId + " " + hms(session.sessionStart) + " " + session.eventCount;
                };
        KeyedOneInputStreamOperatorTestHarness<String, Click, String> harness =
                Harnesses.open(
                        GroupStateFunction.forMap(
                                updateFunc,
                                TypeInformation.of(Session.class),
                                TypeInformation.of(Click.class),
                                GroupStateTimeout.ProcessingTimeTimeout),
                        c -> c.userId,
                        backend,
                        null);
        clicks(harness);
        // The seed's function has no timeout branch: a timed-out call just re-arms 30 s, so the
        // session never ends (the same happens in Spark). Its last rows match the seed's batch 2.
        assertThat(drain(harness))
                .containsExactly(
                        "user1 10:00 1",
                        "user1 10:00 2",
                        "user1 10:00 2", // timed out at 10:00:50, re-armed
                        "user2 10:01 1",
                        "user1 10:00 3",
                        "user2 10:01 1", // timed out at 10:01:30
                        "user1 10:00 3", // timed out at 10:01:50
                        "user2 10:01 2");
        assertThat(timers(harness)).isEqualTo(2);
        harness.close();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sessionAsTheJobWritesIt(Backend backend) throws Exception {
        // flatMapGroupsWithState: an "active" row per click, an "expired" row and removal at
        // timeout.
        FlatMapGroupsWithStateFunction<String, Click, Session, String> updateFunc =
                (userId, events, state) -> {
                    if (state.hasTimedOut()) {
                        Session ended = state.get();
                        state.remove();
                        return List.of(
                                        "expired "
                                                + userId
                                                + " "
                                                + hms(ended.sessionStart)
                                                + " "
                                                + ended.eventCount)
                                .iterator();
                    }
                    Session session = state.getOption().orElseGet(Session::new);
                    List<String> out = new ArrayList<>();
                    while (events.hasNext()) {
                        Click event = events.next();
                        if (session.sessionStart == null) {
                            session.sessionStart = event.eventTimestamp;
                        }
                        session.eventCount += 1;
                        out.add(
                                "active "
                                        + userId
                                        + " "
                                        + hms(session.sessionStart)
                                        + " "
                                        + session.eventCount);
                    }
                    state.update(session);
                    state.setTimeoutDuration("30 seconds");
                    return out.iterator();
                };
        KeyedOneInputStreamOperatorTestHarness<String, Click, String> harness =
                Harnesses.open(
                        new GroupStateFunction<>(
                                updateFunc,
                                TypeInformation.of(Session.class),
                                TypeInformation.of(Click.class),
                                GroupStateTimeout.ProcessingTimeTimeout),
                        c -> c.userId,
                        backend,
                        null);
        clicks(harness);
        harness.setProcessingTime(CLICKS + 200_000);
        assertThat(drain(harness))
                .containsExactly(
                        "active user1 10:00 1",
                        "active user1 10:00 2",
                        "expired user1 10:00 2",
                        "active user2 10:01 1",
                        "active user1 10:01:20 1",
                        "expired user2 10:01 1",
                        "expired user1 10:01:20 1",
                        "active user2 10:02 1",
                        "expired user2 10:02 1");
        assertThat(keyedStateEntries(harness, backend)).isZero();
        assertThat(timers(harness)).isZero();
        harness.close();
    }

    // --- total with a 1-hour EventTimeTimeout ---------------------------------------------------

    private static final List<Tx> WALKTHROUGH =
            List.of(
                    new Tx("user1", "10:00", 100), new Tx("user1", "10:15", 50),
                    new Tx("user2", "10:30", 200), new Tx("user1", "11:30", 30));

    /**
     * Feeds the walkthrough with a watermark of max timestamp - 1 ms after each record (Flink's
     * rule).
     */
    private static void walkthrough(
            KeyedOneInputStreamOperatorTestHarness<String, Tx, String> harness) throws Exception {
        for (Tx tx : WALKTHROUGH) {
            harness.processElement(tx, tx.transactionTime);
            harness.processWatermark(tx.transactionTime - 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void totalWithOneHourEventTimeTimeoutAsWritten(Backend backend) throws Exception {
        MapGroupsWithStateFunction<String, Tx, Double, String> updateFunc =
                (key, values, state) -> {
                    if (state.hasTimedOut()) { // not in the seed: Python's max() of the empty
                        // timeout batch raises
                        state.remove();
                        return key + " expired";
                    }
                    List<Tx> txs = list(values);
                    double newAmount = txs.stream().mapToDouble(x -> x.amount).sum();
                    if (state.exists()) {
                        state.update(state.get() + newAmount);
                    } else {
                        state.update(newAmount);
                    }
                    long timeoutTimestamp =
                            txs.stream().mapToLong(x -> x.transactionTime).max().getAsLong();
                    state.setTimeoutTimestamp(timeoutTimestamp, "1 hour");
                    return key + "=" + state.get();
                };
        KeyedOneInputStreamOperatorTestHarness<String, Tx, String> harness =
                Harnesses.open(
                        GroupStateFunction.forMap(
                                updateFunc,
                                Types.DOUBLE,
                                TypeInformation.of(Tx.class),
                                GroupStateTimeout.EventTimeTimeout),
                        tx -> tx.userId,
                        backend,
                        null);
        walkthrough(harness);
        // Like Spark: the 11:30 record arrives before the watermark passes 11:15, so user1 goes on
        // to 180.
        assertThat(drain(harness))
                .containsExactly("user1=100.0", "user1=150.0", "user2=200.0", "user1=180.0");
        harness.processWatermark(
                at("11:30")); // user2's timeout is 11:30: the watermark must pass it
        assertThat(drain(harness)).isEmpty();
        harness.processWatermark(at("11:30") + 1);
        assertThat(drain(harness)).containsExactly("user2 expired");
        harness.processWatermark(Long.MAX_VALUE); // end of input
        assertThat(drain(harness)).containsExactly("user1 expired");
        assertThat(keyedStateEntries(harness, backend)).isZero();
        assertThat(timers(harness)).isZero();
        harness.close();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void totalRestartsAfterExpiryEvenBeforeTheWatermarkFiresIt(Backend backend) throws Exception {
        // The seed's intent: a transaction more than 1 h after the user's previous one starts from
        // zero.
        MapGroupsWithStateFunction<String, Tx, Double, String> updateFunc =
                (key, values, state) -> {
                    if (state.hasTimedOut()) {
                        state.remove();
                        return key + " expired";
                    }
                    List<Tx> txs = list(values);
                    long latest = txs.stream().mapToLong(x -> x.transactionTime).max().getAsLong();
                    double current = state.getOption().orElse(0.0);
                    if (latest > state.getPendingTimeoutTimestampMs().orElse(Long.MAX_VALUE)) {
                        current =
                                0.0; // expired, though the watermark has not fired the timeout yet
                    }
                    state.update(current + txs.stream().mapToDouble(x -> x.amount).sum());
                    state.setTimeoutTimestamp(latest, "1 hour");
                    return key + "=" + state.get();
                };
        KeyedOneInputStreamOperatorTestHarness<String, Tx, String> harness =
                Harnesses.open(
                        GroupStateFunction.forMap(
                                updateFunc,
                                Types.DOUBLE,
                                TypeInformation.of(Tx.class),
                                GroupStateTimeout.EventTimeTimeout),
                        tx -> tx.userId,
                        backend,
                        null);
        walkthrough(harness);
        assertThat(drain(harness))
                .containsExactly("user1=100.0", "user1=150.0", "user2=200.0", "user1=30.0");
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(drain(harness)).containsExactly("user2 expired", "user1 expired");
        harness.close();
    }
}
