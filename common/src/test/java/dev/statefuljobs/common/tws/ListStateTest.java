package dev.statefuljobs.common.tws;

import static dev.statefuljobs.common.tws.Modes.TTL_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefuljobs.common.testing.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ListState}, without TTL and with TTL per element on either clock, on both backends. */
class ListStateTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aListKeepsOrderAppendsAndIsReplacedByPut(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), TimeMode.ProcessingTime, backend)) {
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[]");
            t.send("u1 append a");
            t.send("u1 append-all b,c");
            t.send("u2 append z");
            t.advance(t.now() + 3_600_000);
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[a, b, c]");
            assertThat(t.ask("u1 exists"))
                    .containsExactly("u1 exists value=false list=true map=false");

            t.send("u1 put x,y");
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[x, y]");
            assertThat(t.ask("u2 list")).containsExactly("u2 list=[z]");

            t.send("u1 clear-list");
            t.send("u2 clear-list");
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[]");
            assertThat(t.ask("u1 exists")).containsExactly("u1 " + ValueStateTest.NOTHING);
            assertThat(t.stateEntries()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void emptyListsAreRefusedAsInSpark(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), TimeMode.None, backend)) {
            assertThatThrownBy(() -> t.send("u1 put "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'list': cannot write an empty list (use clear())");
            assertThatThrownBy(() -> t.send("u1 append-all "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot write an empty list");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void eachElementExpiresOnItsOwnAndIsRemoved(Backend backend, TimeMode clock) throws Exception {
        try (TwsHarness t = TwsHarness.openWithTtl(clock, backend)) {
            long first = t.writeTime() + TTL_MS;
            t.send("u1 append a");
            t.advance(t.now() + 40);
            long second = t.writeTime() + TTL_MS;
            t.send("u1 append-all b,c"); // does not refresh a

            t.advance(first - 1);
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[a, b, c]");
            assertThat(t.storedListElements("u1")).isEqualTo(3);

            t.advance(first);
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[b, c]");
            assertThat(t.storedListElements("u1")).isEqualTo(2);

            t.advance(second);
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[]");
            assertThat(t.ask("u1 exists")).containsExactly("u1 " + ValueStateTest.NOTHING);
            assertThat(t.storedListElements("u1")).isZero();
            assertThat(t.stateEntries()).isZero();
            assertThat(t.flinkTimers()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void putGivesEveryElementTheDeadlineOfThatWrite(Backend backend, TimeMode clock)
            throws Exception {
        try (TwsHarness t = TwsHarness.openWithTtl(clock, backend)) {
            t.send("u1 append a");
            t.advance(t.now() + 40);
            long deadline = t.writeTime() + TTL_MS;
            t.send("u1 put x,y");

            t.advance(deadline - 1);
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[x, y]");
            t.advance(deadline);
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[]");
            assertThat(t.stateEntries()).isZero();
        }
    }
}
