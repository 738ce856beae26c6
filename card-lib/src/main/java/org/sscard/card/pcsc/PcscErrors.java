package org.sscard.card.pcsc;

import java.util.Locale;
import org.sscard.card.CardRemovedException;
import org.sscard.card.NoCardException;
import org.sscard.card.ReaderException;
import org.sscard.card.SmartCardException;

/**
 * Turns {@code javax.smartcardio} failures into card-lib exceptions. The JDK reports PC/SC errors as
 * {@code CardException}s whose message (or whose cause's message) is the PC/SC error name, e.g.
 * {@code SCARD_W_REMOVED_CARD}.
 */
public final class PcscErrors {
    private PcscErrors() {
    }

    /** True if the failure means the PC/SC service (pcscd) went away and the context must be re-established. */
    public static boolean isServiceGone(Throwable failure) {
        String names = names(failure);
        return names.contains("SCARD_E_NO_SERVICE") || names.contains("SCARD_E_SERVICE_STOPPED")
                || names.contains("SCARD_E_INVALID_HANDLE");
    }

    public static SmartCardException translate(Throwable failure, String reader) {
        String names = names(failure);
        String where = reader == null ? "the card reader" : "reader '" + reader + "'";
        if (names.contains("SCARD_W_REMOVED_CARD") || names.contains("SCARD_W_RESET_CARD")) {
            return new CardRemovedException("The card was removed from " + where
                    + " (or reset by another program). Insert it again and repeat the operation.", failure);
        }
        if (names.contains("SCARD_E_NO_SMARTCARD") || names.contains("SCARD_W_UNPOWERED_CARD")
                || names.contains("SCARD_W_UNRESPONSIVE_CARD")) {
            return new NoCardException("There is no working card in " + where + ". Insert the card with the chip first.");
        }
        if (names.contains("SCARD_E_SHARING_VIOLATION")) {
            return new ReaderException(capitalised(where) + " is in use by another program. Close it and try again.", failure);
        }
        if (isServiceGone(failure)) {
            return new ReaderException("The smart-card service (pcscd) is not running or was restarted. Start it; if "
                    + "readers stay unavailable, restart this application.", failure);
        }
        if (names.contains("SCARD_E_NO_READERS_AVAILABLE") || names.contains("SCARD_E_READER_UNAVAILABLE")
                || names.contains("SCARD_E_UNKNOWN_READER")) {
            return new ReaderException(capitalised(where) + " is not connected. Plug it in and try again.", failure);
        }
        return new ReaderException(capitalised(where) + " failed: " + failure.getMessage(), failure);
    }

    private static String names(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                all.append(t.getMessage().toUpperCase(Locale.ROOT)).append(' ');
            }
        }
        return all.toString();
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
