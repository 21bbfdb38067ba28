package dev.statefuljobs.common.tws;

import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;

/** The state backends every transformWithState test runs on. */
enum Backend {
    HASHMAP,
    ROCKSDB;

    StateBackend create() {
        return this == HASHMAP ? new HashMapStateBackend() : new EmbeddedRocksDBStateBackend();
    }
}
