package dev.statefuljobs.common.tws;

import dev.statefuljobs.common.testing.Backend;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Parameters shared by the tests: every backend with every clock. */
final class Modes {

    /** The TTL of the TTL tests, in ms. */
    static final long TTL_MS = 100;

    private Modes() {}

    /** Each backend with each clock that has timers and TTL. */
    static Stream<Arguments> backendsAndClocks() {
        return Stream.of(Backend.values())
                .flatMap(
                        backend ->
                                Stream.of(
                                        Arguments.of(backend, TimeMode.ProcessingTime),
                                        Arguments.of(backend, TimeMode.EventTime)));
    }

    /** A TTL of {@link #TTL_MS} on {@code clock}. */
    static TTLConfig ttl(TimeMode clock) {
        Duration ttl = Duration.ofMillis(TTL_MS);
        return clock == TimeMode.EventTime ? TTLConfig.eventTime(ttl) : new TTLConfig(ttl);
    }
}
