package dev.statefuljobs.common.groupstate;

import java.util.Objects;

/** A test record: a user and an amount (a POJO, so Flink serializes it without Kryo). */
public class Event {
    public String user;
    public long amount;

    public Event() {}

    public Event(String user, long amount) {
        this.user = user;
        this.amount = amount;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && e.amount == amount && Objects.equals(e.user, user);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, amount);
    }

    @Override
    public String toString() {
        return user + ":" + amount;
    }
}
