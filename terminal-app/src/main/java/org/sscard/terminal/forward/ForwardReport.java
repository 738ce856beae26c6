package org.sscard.terminal.forward;

/**
 * What one forwarder pass did.
 *
 * @param sent             messages handed to the link
 * @param delivered        answered with infcode 0 (DONE)
 * @param retried          not delivered, queued again after the outbox's back-off
 * @param unknown          sent without a usable answer (UNKNOWN; a 2601 follows)
 * @param dead             refused by the central service (DEAD, with the reason)
 * @param reversalsQueued  2601 reversals queued to resolve unknown outcomes
 * @param resolved         unknown outcomes resolved
 * @param resubmitted      offline messages queued again under a new msgid after their reversal
 * @param stoppedReason    why the pass stopped early (the link is down), or null
 */
public record ForwardReport(int sent, int delivered, int retried, int unknown, int dead, int reversalsQueued,
                            int resolved, int resubmitted, String stoppedReason) {
}
