package dev.statefuljobs.common.tws;

/**
 * What the processor is running now: the handle and the state variables ask it before each use, so
 * that state is created only in {@code init()}, and read, written and timed only in a call for a
 * key.
 */
final class CallScope {

    private Handler handler = Handler.NONE;
    private Call call;

    void enter(Handler keyless) {
        handler = keyless;
        call = null;
    }

    void enter(Call keyed) {
        handler = keyed.handler();
        call = keyed;
    }

    void exit() {
        handler = Handler.NONE;
        call = null;
    }

    /** The call in progress, for an operation on the current key's state or timers. */
    Call current(String operation) {
        if (call == null) {
            throw new IllegalStateException(
                    operation
                            + " works on the current key, so only in handleInputRows,"
                            + " handleExpiredTimer or handleInitialState; it was called in "
                            + handler);
        }
        return call;
    }

    /** Checks that state variables are being created in {@code init()}. */
    void requireInit(String operation) {
        if (handler != Handler.INIT) {
            throw new IllegalStateException(
                    "State variables are created in init() only: "
                            + operation
                            + " was called in "
                            + handler);
        }
    }
}
