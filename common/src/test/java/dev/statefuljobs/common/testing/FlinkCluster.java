package dev.statefuljobs.common.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The shared MiniCluster for integration tests: one TaskManager with two slots, as on a 2-core
 * machine.
 */
public final class FlinkCluster {

    private FlinkCluster() {}

    public static MiniClusterExtension extension() {
        return extension(new Configuration());
    }

    /**
     * The same cluster with extra configuration, e.g. an {@code InMemoryReporter} to read metrics.
     */
    public static MiniClusterExtension extension(Configuration configuration) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(configuration)
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }
}
