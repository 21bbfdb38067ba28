package dev.statefuljobs.common.tws;

/** Which part of the processor runs: what the handle allows, and what its errors name. */
enum Handler {
    INIT("init()"),
    INPUT_ROWS("handleInputRows"),
    EXPIRED_TIMER("handleExpiredTimer"),
    INITIAL_STATE("handleInitialState"),
    CLOSE("close()"),
    NONE("no handler (between calls)");

    private final String where;

    Handler(String where) {
        this.where = where;
    }

    @Override
    public String toString() {
        return where;
    }
}
