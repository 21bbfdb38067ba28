package dev.statefuljobs.common.tws;

/** A state variable as the operator sees it: {@code deleteIfExists} clears it by name. */
interface StateVariable {

    /** Removes the current key's values. */
    void clear();
}
