package org.sscard.terminal.link;

import org.sscard.protocol.InfCode;
import org.sscard.protocol.ResponseHeader;
import org.sscard.protocol.TransactionOutput;

/**
 * What became of one request to the central service. Exactly one of:
 * <ul>
 * <li>{@link Answered}: infcode 0, the output is verified and valid (a file answer, 9102, has no envelope and so a
 * null {@code header});</li>
 * <li>{@link Refused}: a signed answer with infcode &lt; 0 (nothing took effect); {@link Refused#operatorMessage()}
 * says what to do;</li>
 * <li>{@link NotSent}: the connection failed before any byte of the request was written: certainly not received,
 * safe to retry;</li>
 * <li>{@link Unknown}: the request may have been received (timeout, connection lost, HTTP 5xx, an answer that
 * cannot be trusted): never repeat a non-idempotent transaction blindly, resolve it (2601) first.</li>
 * </ul>
 */
public sealed interface LinkOutcome<O extends TransactionOutput>
        permits LinkOutcome.Answered, LinkOutcome.Refused, LinkOutcome.NotSent, LinkOutcome.Unknown {

    /** The msgid of the request. */
    String msgid();

    /** One line for the operator and the log. */
    String message();

    record Answered<O extends TransactionOutput>(String msgid, ResponseHeader header, O output, byte[] body)
            implements LinkOutcome<O> {
        @Override
        public String message() {
            return "answered";
        }
    }

    record Refused<O extends TransactionOutput>(String msgid, InfCode code, String errMsg, byte[] body)
            implements LinkOutcome<O> {
        @Override
        public String message() {
            return "the central service refused the request (" + code.code() + " " + code.description() + "): " + errMsg;
        }

        /** What the operator is shown: the central service's message and what to do about it. */
        public String operatorMessage() {
            return switch (code) {
                case SIGNATURE -> "The central service does not accept this station's signature (" + errMsg
                        + "). Ask the administrator to check the station's enrolment.";
                case REPLAY -> "The central service has already seen this message number for another message ("
                        + errMsg + "). Start the transaction again.";
                case SIGN_IN_REQUIRED -> "The station is not signed in with the central service (" + errMsg
                        + "). Sign in again, then repeat the transaction.";
                case VALIDATION -> "The central service found a data error: " + errMsg + ". Correct the data and repeat.";
                case INTERNAL -> "The central service had an internal fault; nothing was booked (" + errMsg
                        + "). Try again in a few minutes.";
                default -> "The central service refused the transaction: " + errMsg;
            };
        }
    }

    /** Why nothing was sent. */
    enum NotSentCause {
        /** the connection was refused or could not be opened at once (no route, unknown host, reset) */
        CONNECT_FAILED,
        /** no connection within the connect timeout */
        CONNECT_TIMEOUT,
        /** the TLS handshake failed: the server is not certified by the pinned CA */
        TLS_REFUSED
    }

    record NotSent<O extends TransactionOutput>(String msgid, String reason, NotSentCause cause) implements LinkOutcome<O> {
        public NotSent(String msgid, String reason) {
            this(msgid, reason, NotSentCause.CONNECT_FAILED);
        }

        @Override
        public String message() {
            return "not sent (" + reason + "); nothing reached the central service";
        }
    }

    /** Why the outcome is unknown. */
    enum UnknownCause {
        /** no answer within the read or call timeout */
        TIMEOUT,
        /** the connection broke after the request started */
        CONNECTION_LOST,
        /** HTTP 5xx: the platform itself failed */
        SERVER_ERROR,
        /** an answer that is not a valid, correctly signed envelope */
        BAD_RESPONSE
    }

    record Unknown<O extends TransactionOutput>(String msgid, UnknownCause cause, String reason) implements LinkOutcome<O> {
        @Override
        public String message() {
            return "outcome unknown (" + reason + "); the central service may have received the request";
        }
    }
}
