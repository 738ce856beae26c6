package org.sscard.centralsim.policy;

/**
 * A computed settlement broke one of the identities that must hold exactly. This is a defect, never a
 * case to answer with a number: the caller reports an internal error and commits nothing.
 */
public final class PolicyViolation extends IllegalStateException {
    public PolicyViolation(String message) {
        super(message);
    }
}
