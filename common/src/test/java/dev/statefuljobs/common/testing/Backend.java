package dev.statefuljobs.common.testing;

import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;

/** The state backends that state tests run on. */
public enum Backend {
    HASHMAP,
    ROCKSDB;

    public StateBackend create() {
        return this == HASHMAP ? new HashMapStateBackend() : new EmbeddedRocksDBStateBackend();
    }
}
