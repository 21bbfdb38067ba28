package dev.statefuljobs.common.tws;

import static dev.statefuljobs.common.tws.Modes.TTL_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.testing.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link MapState}, without TTL and with TTL per entry on either clock, on both backends. */
class MapStateTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aMapKeepsItsEntriesUntilRemoved(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), TimeMode.ProcessingTime, backend)) {
            assertThat(t.ask("u1 map")).containsExactly("u1 map={}");
            t.send("u1 map-put a=1");
            t.send("u1 map-put b=2");
            t.send("u2 map-put a=9");
            t.advance(t.now() + 3_600_000);
            assertThat(t.ask("u1 map")).containsExactly("u1 map={a=1, b=2}");
            assertThat(t.ask("u1 map-get a")).containsExactly("u1 a=1 contains=true");
            assertThat(t.ask("u1 map-get z")).containsExactly("u1 z=null contains=false");
            assertThat(t.ask("u1 exists"))
                    .containsExactly("u1 exists value=false list=false map=true");

            t.send("u1 map-remove a");
            t.send("u1 map-put b=3");
            assertThat(t.ask("u1 map")).containsExactly("u1 map={b=3}");
            assertThat(t.ask("u2 map")).containsExactly("u2 map={a=9}");

            t.send("u1 map-remove b");
            assertThat(t.ask("u1 exists")).containsExactly("u1 " + ValueStateTest.NOTHING);
            t.send("u2 clear-map");
            assertThat(t.ask("u2 map")).containsExactly("u2 map={}");
            assertThat(t.stateEntries()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void eachEntryExpiresOnItsOwnAndIsRemoved(Backend backend, TimeMode clock) throws Exception {
        try (TwsHarness t = TwsHarness.openWithTtl(clock, backend)) {
            long a = t.writeTime() + TTL_MS;
            t.send("u1 map-put a=1");
            t.advance(t.now() + 40);
            long b = t.writeTime() + TTL_MS;
            t.send("u1 map-put b=2");
            t.send("u1 map-put c=3");
            t.advance(t.now() + 20);
            long refreshedB = t.writeTime() + TTL_MS;
            t.send("u1 map-put b=4"); // refreshes b only

            t.advance(a);
            assertThat(t.ask("u1 map")).containsExactly("u1 map={b=4, c=3}");
            assertThat(t.ask("u1 map-get a")).containsExactly("u1 a=null contains=false");
            assertThat(t.storedMapEntries("u1")).isEqualTo(2);

            t.advance(b);
            assertThat(t.ask("u1 map")).containsExactly("u1 map={b=4}");
            assertThat(t.storedMapEntries("u1")).isEqualTo(1);

            t.advance(refreshedB);
            assertThat(t.ask("u1 map")).containsExactly("u1 map={}");
            assertThat(t.ask("u1 exists")).containsExactly("u1 " + ValueStateTest.NOTHING);
            assertThat(t.stateEntries()).isZero();
            assertThat(t.flinkTimers()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void removingTheLastEntryDropsTheCleanupTimerAtOnce(Backend backend, TimeMode clock)
            throws Exception {
        try (TwsHarness t = TwsHarness.openWithTtl(clock, backend)) {
            t.send("u1 map-put a=1");
            t.send("u1 map-put b=2");
            t.send("u1 map-remove a");
            assertThat(t.flinkTimers()).isEqualTo(1); // b still needs it
            t.send("u1 map-remove b");
            assertThat(t.stateEntries()).isZero();
            assertThat(t.flinkTimers()).isZero();
        }
    }
}
