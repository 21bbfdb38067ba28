package dev.statefuljobs.common.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefuljobs.common.tws.DeclaredStateVariable.Kind;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.junit.jupiter.api.Test;

/** What tools learn of a processor's state variables, without running the operator. */
class DeclaredStateVariableTest {

    private static final TTLConfig HOUR = TTLConfig.eventTime(Duration.ofHours(1));

    @Test
    void initsDeclarationsInOrderWithTheTypesTheOperatorStores() throws Exception {
        assertThat(DeclaredStateVariable.declaredBy(new Declares("count"), TimeMode.EventTime))
                .containsExactly(
                        new DeclaredStateVariable(
                                "count", Kind.VALUE, null, Types.LONG, TTLConfig.NONE),
                        new DeclaredStateVariable("seen", Kind.LIST, null, Types.STRING, HOUR),
                        new DeclaredStateVariable(
                                "byTime", Kind.MAP, Types.LONG, Types.DOUBLE, TTLConfig.NONE));
        DeclaredStateVariable seen =
                DeclaredStateVariable.declaredBy(new Declares("count"), TimeMode.EventTime).get(1);
        assertThat(seen.storedType()).isEqualTo(new TupleTypeInfo<>(Types.STRING, Types.LONG));
    }

    @Test
    void namesAreCheckedAsTheOperatorChecksThem() {
        assertThatThrownBy(
                        () ->
                                DeclaredStateVariable.declaredBy(
                                        new Declares("$timers"), TimeMode.EventTime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved for the operator's own state: $timers");
        assertThatThrownBy(
                        () ->
                                DeclaredStateVariable.declaredBy(
                                        new Declares("seen"), TimeMode.EventTime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("State variable 'seen' is already defined: names must be unique");
    }

    /** A value, a list with TTL and a map; the value under the given name. */
    static final class Declares extends StatefulProcessor<String, String, String> {
        private static final long serialVersionUID = 1L;

        private final String valueName;

        Declares(String valueName) {
            this.valueName = valueName;
        }

        @Override
        public void init(OutputMode outputMode, TimeMode timeMode) {
            getHandle().getValueState(valueName, Types.LONG);
            getHandle().getListState("seen", Types.STRING, HOUR);
            getHandle().getMapState("byTime", Types.LONG, Types.DOUBLE);
        }

        @Override
        public Iterator<String> handleInputRows(
                String key, Iterator<String> inputRows, TimerValues timerValues) {
            return Collections.emptyIterator();
        }
    }
}
