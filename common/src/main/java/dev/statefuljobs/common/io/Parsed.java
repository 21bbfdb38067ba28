package dev.statefuljobs.common.io;

import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The result of parsing one raw record: an event, or a dead letter. It lets parsing happen where
 * the record is read (inside the Kafka source, so that watermarks can be generated per partition)
 * while dead letters are still routed by an ordinary operator afterwards.
 */
public class Parsed<E> {
    public E event;
    public DeadLetter deadLetter;

    public Parsed() {}

    public static <E> Parsed<E> ok(E event) {
        Parsed<E> p = new Parsed<>();
        p.event = event;
        return p;
    }

    public static <E> Parsed<E> failed(DeadLetter deadLetter) {
        Parsed<E> p = new Parsed<>();
        p.deadLetter = deadLetter;
        return p;
    }

    public boolean isValid() {
        return event != null;
    }

    /** The POJO type with the event's own type filled in, so that nothing falls back to Kryo. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <E> TypeInformation<Parsed<E>> typeOf(TypeInformation<E> eventType) {
        TypeInformation<?> info =
                Types.POJO(
                        Parsed.class,
                        Map.of("event", eventType, "deadLetter", Types.POJO(DeadLetter.class)));
        return (TypeInformation) info;
    }
}
