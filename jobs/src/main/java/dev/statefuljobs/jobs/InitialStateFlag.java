package dev.statefuljobs.jobs;

import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.state.InitialState;
import dev.statefuljobs.common.state.InitialStateFormat;

/** {@code --initial-state} of a job with per-key state. */
final class InitialStateFlag {

    private InitialStateFlag() {}

    /**
     * The file's rows in the job's {@code format}, read once now so that a bad line or a duplicate
     * key refuses the job before it is submitted; null without the flag.
     */
    static <K, S> InitialState<K, S> read(JobFlags flags, InitialStateFormat<K, S> format) {
        return flags.find(Flags.INITIAL_STATE)
                .map(path -> InitialState.jsonLines(path, format).validate())
                .orElse(null);
    }
}
