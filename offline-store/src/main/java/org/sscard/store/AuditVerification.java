package org.sscard.store;

/**
 * The result of walking the audit chain.
 *
 * @param intact   true if every entry links to the previous one, every hash is right and the chain ends
 *                 exactly at the MACed head
 * @param checked  how many entries were checked
 * @param headSeq  the sequence number the head records
 * @param anchorSeq the last pruned sequence number (0 if nothing was pruned)
 * @param problem  null when intact, otherwise what was found first (and where)
 */
public record AuditVerification(boolean intact, long checked, long headSeq, long anchorSeq, String problem) {
    static AuditVerification ok(long checked, long headSeq, long anchorSeq) {
        return new AuditVerification(true, checked, headSeq, anchorSeq, null);
    }

    static AuditVerification broken(long checked, long headSeq, long anchorSeq, String problem) {
        return new AuditVerification(false, checked, headSeq, anchorSeq, problem);
    }
}
