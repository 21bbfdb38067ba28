package dev.statefuljobs.common.format;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every input format by name, for the {@code Generate} CLI. Add a new format here (one line). */
public final class EventFormats {

    private static final List<EventFormat<?>> ALL =
            List.of(
                    new ClickFormat(),
                    new TransactionFormat(),
                    new SensorReadingFormat(),
                    new LogLineFormat(),
                    new VisitFormat(),
                    new ChatMessageFormat());

    private EventFormats() {}

    public static List<EventFormat<?>> all() {
        return ALL;
    }

    public static Optional<EventFormat<?>> find(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public static String names() {
        return ALL.stream().map(EventFormat::name).collect(Collectors.joining("|"));
    }
}
