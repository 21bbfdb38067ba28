package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.Harnesses.EVENT;
import static dev.statefuljobs.common.groupstate.Harnesses.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.state.InitialRow;
import dev.statefuljobs.common.state.InitialState;
import dev.statefuljobs.common.state.InitialStateOperator;
import dev.statefuljobs.common.testing.Backend;
import dev.statefuljobs.common.testing.KeyedHarnesses;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spark's initialState on GroupState: the row's value is the key's state at its first call, the
 * function is not called for it and no timeout is armed; on both state backends. That it is applied
 * once and never on a restore is the operator's rule ({@code InitialStateOperatorTest}).
 */
// Flink's test harnesses declare close() throws Exception, so javac's try lint warns that it could
// throw InterruptedException; closing them with try-with-resources is still right.
@SuppressWarnings("try")
class GroupStateInitialStateTest {

    static final InitialState<String, Long> U1_100_U2_50 =
            InitialState.of(List.of(new InitialRow<>("u1", 100L), new InitialRow<>("u2", 50L)));

    static <R> KeyedOneInputStreamOperatorTestHarness<String, Event, R> open(
            GroupStateFunction<String, Event, Long, R> function, Backend backend) throws Exception {
        return KeyedHarnesses.open(
                new InitialStateOperator<>(function, U1_100_U2_50),
                e -> e.user,
                Types.STRING,
                backend,
                null);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theInitialValueIsTheStateAtTheKeysFirstCall(Backend backend) throws Exception {
        GroupStateFunction<String, Event, Long, String> total = GroupStateTtlTest.runningTotal();
        try (var h = open(total, backend)) {
            h.processElement(new Event("u1", 5), 0);
            h.processElement(new Event("u3", 1), 0);
            assertThat(drain(h)).containsExactly("u1=105", "u3=1");
            assertThat(total.activeKeys()).isEqualTo(3);
        }
    }

    /**
     * Spark calls a key that has only initial state once, in the first micro-batch; here it is
     * never called, and no timeout is armed for it: its value stays until a record comes.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aKeyWithOnlyInitialStateIsNeverCalledAndHasNoTimeout(Backend backend) throws Exception {
        GroupStateFunction<String, Event, Long, String> everyCall =
                new GroupStateFunction<>(
                        (user, values, state) -> {
                            String call =
                                    (state.hasTimedOut() ? "timeout " : "call ")
                                            + user
                                            + " saw "
                                            + state.getOption().orElse(null);
                            if (state.hasTimedOut()) {
                                state.remove();
                            } else {
                                state.update(state.get() + values.next().amount);
                                state.setTimeoutTimestamp(state.getCurrentWatermarkMs() + 100);
                            }
                            return List.of(call).iterator();
                        },
                        Types.LONG,
                        EVENT,
                        GroupStateTimeout.EventTimeTimeout);
        try (var h = open(everyCall, backend)) {
            assertThat(h.numEventTimeTimers()).isZero();
            h.processWatermark(0);
            h.processElement(new Event("u1", 5), 10);
            h.processWatermark(Long.MAX_VALUE);
            assertThat(drain(h)).containsExactly("call u1 saw 100", "timeout u1 saw 105");
            assertThat(Harnesses.keyedStateEntries(h, backend)).isEqualTo(1); // u2's 50
        }
    }
}
