package dev.statefuljobs.common.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The shared MiniCluster for integration tests: one TaskManager with two slots, as on a 2-core machine. */
public final class FlinkCluster {

    private FlinkCluster() {}

    public static MiniClusterExtension extension() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }
}
