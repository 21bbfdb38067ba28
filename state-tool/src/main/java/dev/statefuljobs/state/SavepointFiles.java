package dev.statefuljobs.state;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.TupleSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.runtime.state.ttl.TtlStateFactory;
import org.apache.flink.runtime.state.ttl.TtlValue;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.runtime.SavepointLoader;

/**
 * What a savepoint or retained checkpoint holds, read from its metadata and the headers of its
 * state files, without a Flink job: which operators have state, and the names and types of an
 * operator's keyed states. The tool checks a path and an operator with it before it starts a job,
 * so that a wrong path or uid is one sentence and not a failed job; {@code StateLayoutTest} lists a
 * job's states with it.
 */
final class SavepointFiles {

    private SavepointFiles() {}

    /** One keyed state as the state backend recorded it: name, kind and value type. */
    record KeyedState(String name, String kind, String type) {
        @Override
        public String toString() {
            return name + " " + kind + " " + type;
        }
    }

    /** The metadata of the savepoint or checkpoint at {@code path}, or one sentence why not. */
    static CheckpointMetadata load(String path) {
        Optional<File> local = localFile(path);
        if (local.isPresent()) {
            checkLocal(path, local.get());
        }
        try {
            return SavepointLoader.loadSavepointMetadata(path);
        } catch (IOException | RuntimeException e) {
            String why = StateTool.rootMessage(e);
            throw new StateToolException(
                    path
                            + " is not a savepoint or a retained checkpoint: "
                            + (why.startsWith("Unexpected magic number")
                                    ? "its content is not Flink checkpoint metadata"
                                    : why)
                            + ".",
                    e);
        }
    }

    /** The operator's state in the savepoint, or a sentence naming the uids it does hold. */
    static OperatorState operator(CheckpointMetadata metadata, String path, String uid) {
        OperatorIdentifier id = OperatorIdentifier.forUid(uid);
        for (OperatorState state : metadata.getOperatorStates()) {
            if (state.getOperatorID().equals(id.getOperatorId())) {
                return state;
            }
        }
        throw new StateToolException(
                "Operator uid '"
                        + uid
                        + "' is not in "
                        + path
                        + "; the operators with state there are: "
                        + String.join(", ", uids(metadata))
                        + " (was it written by another job, or with other flags?).");
    }

    /** The uids (or, where none is recorded, the operator ids) of the operators with state. */
    static List<String> uids(CheckpointMetadata metadata) {
        TreeSet<String> uids = new TreeSet<>();
        for (OperatorState state : metadata.getOperatorStates()) {
            if (state.getStates().stream().anyMatch(OperatorSubtaskState::hasState)) {
                uids.add(
                        state.getOperatorUid()
                                .orElse("(no uid, id " + state.getOperatorID() + ")"));
            }
        }
        return new ArrayList<>(uids);
    }

    /** True if the operator's keyed state is RocksDB's own files (incremental or native). */
    static boolean isRocksDbNative(OperatorState operator) {
        return keyedHandles(operator).stream()
                .anyMatch(h -> h instanceof IncrementalKeyedStateHandle);
    }

    /**
     * The operator's keyed states, by name, from the state files' headers (timers and other
     * priority queues left out), or empty when its subtasks have no keyed state.
     */
    static Map<String, KeyedState> keyedStates(OperatorState operator, ClassLoader classLoader)
            throws IOException {
        Map<String, KeyedState> states = new LinkedHashMap<>();
        for (KeyedStateHandle handle : keyedHandles(operator)) {
            StreamStateHandle header = headerOf(handle);
            if (header == null) {
                continue; // a format without a header we know (e.g. changelog): nothing to check
            }
            try (InputStream in = header.openInputStream()) {
                KeyedBackendSerializationProxy<?> proxy =
                        new KeyedBackendSerializationProxy<>(classLoader);
                proxy.read(new DataInputViewStreamWrapper(in));
                for (StateMetaInfoSnapshot meta : proxy.getStateMetaInfoSnapshots()) {
                    if (meta.getBackendStateType()
                            == StateMetaInfoSnapshot.BackendStateType.PRIORITY_QUEUE) {
                        continue;
                    }
                    states.putIfAbsent(meta.getName(), describe(meta));
                }
            }
        }
        return states;
    }

    /** The keyed states of a subtask's snapshot (tests, which snapshot an operator directly). */
    static Map<String, KeyedState> keyedStates(
            OperatorSubtaskState subtask, ClassLoader classLoader) throws IOException {
        OperatorState operator =
                new OperatorState(
                        null,
                        null,
                        new OperatorID(),
                        1,
                        KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM);
        operator.putState(0, subtask);
        return keyedStates(operator, classLoader);
    }

    /** The names of the operator states (non-keyed) of a subtask's snapshot. */
    static List<String> operatorStates(OperatorSubtaskState subtask) {
        TreeSet<String> names = new TreeSet<>();
        subtask.getManagedOperatorState()
                .forEach(h -> names.addAll(h.getStateNameToPartitionOffsets().keySet()));
        return new ArrayList<>(names);
    }

    private static List<KeyedStateHandle> keyedHandles(OperatorState operator) {
        List<KeyedStateHandle> handles = new ArrayList<>();
        for (OperatorSubtaskState subtask : operator.getStates()) {
            handles.addAll(subtask.getManagedKeyedState());
        }
        return handles;
    }

    /**
     * The stream that starts with the backend's serialization proxy: a full snapshot's own stream
     * (heap, canonical savepoints, full RocksDB checkpoints), or the meta file of RocksDB's
     * incremental checkpoints and native savepoints.
     */
    private static StreamStateHandle headerOf(KeyedStateHandle handle) {
        if (handle instanceof KeyGroupsStateHandle full) {
            return full;
        }
        if (handle instanceof IncrementalKeyedStateHandle incremental) {
            return incremental.getMetaDataStateHandle();
        }
        return null;
    }

    private static KeyedState describe(StateMetaInfoSnapshot meta) {
        String kind = meta.getOption(StateMetaInfoSnapshot.CommonOptionsKeys.KEYED_STATE_TYPE);
        TypeSerializerSnapshot<?> value =
                meta.getTypeSerializerSnapshot(
                        StateMetaInfoSnapshot.CommonSerializerKeys.VALUE_SERIALIZER);
        return new KeyedState(
                meta.getName(),
                kind == null ? "?" : kind,
                value == null ? "?" : describe(value.restoreSerializer()));
    }

    /**
     * A value type's short name, e.g. {@code Double}, {@code Session}, {@code Tuple2<Long,
     * Double>}.
     */
    static String describe(TypeSerializer<?> serializer) {
        if (TtlStateFactory.TtlSerializer.isTtlStateSerializer(serializer)) {
            Object user = ((TtlValue<?>) serializer.createInstance()).getUserValue();
            return (user == null ? "?" : user.getClass().getSimpleName()) + " with TTL";
        }
        if (serializer instanceof TupleSerializer<?> tuple) {
            return "Tuple"
                    + tuple.getArity()
                    + Arrays.stream(tuple.getFieldSerializers())
                            .map(SavepointFiles::describe)
                            .reduce((a, b) -> a + ", " + b)
                            .map(s -> "<" + s + ">")
                            .orElse("");
        }
        Object instance = serializer.createInstance();
        return instance == null
                ? serializer.getClass().getSimpleName()
                : instance.getClass().getSimpleName();
    }

    /** True for a URI with a scheme (file:, hdfs:, s3:, ...), false for a plain local path. */
    static boolean isUri(String path) {
        return path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    }

    private static Optional<File> localFile(String path) {
        if (path.startsWith("file:")) {
            return Optional.of(new File(URI.create(path).getPath()));
        }
        if (isUri(path)) {
            return Optional.empty(); // another file system: Flink resolves it
        }
        return Optional.of(new File(path));
    }

    /** The common mistakes with a local path, each in one sentence. */
    private static void checkLocal(String path, File file) {
        if (!file.exists()) {
            throw new StateToolException("No savepoint at " + path + ": it does not exist.");
        }
        if (file.isFile()) {
            return; // a _metadata file: Flink reads it or says why not
        }
        if (new File(file, "_metadata").isFile()) {
            return;
        }
        File[] checkpoints =
                file.listFiles(
                        f -> f.getName().startsWith("chk-") && new File(f, "_metadata").isFile());
        if (checkpoints != null && checkpoints.length > 0) {
            File latest =
                    Arrays.stream(checkpoints)
                            .max(Comparator.comparingLong(SavepointFiles::checkpointNumber))
                            .orElseThrow();
            throw new StateToolException(
                    path
                            + " is a job's checkpoint directory, not one checkpoint: pass one of its"
                            + " retained checkpoints, e.g. "
                            + latest.getPath()
                            + ".");
        }
        throw new StateToolException(
                path + " is not a savepoint or a retained checkpoint: it has no _metadata file.");
    }

    private static long checkpointNumber(File chk) {
        try {
            return Long.parseLong(chk.getName().substring("chk-".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
