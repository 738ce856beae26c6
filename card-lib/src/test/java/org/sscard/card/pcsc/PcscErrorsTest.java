package org.sscard.card.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.smartcardio.CardException;
import org.junit.jupiter.api.Test;
import org.sscard.card.CardRemovedException;
import org.sscard.card.NoCardException;
import org.sscard.card.ReaderException;

class PcscErrorsTest {

    private static CardException pcsc(String name) {
        return new CardException("transmit() failed", new Exception(name));
    }

    @Test
    void pcscErrorNamesBecomeCardLibExceptions() {
        assertInstanceOf(CardRemovedException.class, PcscErrors.translate(pcsc("SCARD_W_REMOVED_CARD"), "R1"));
        assertInstanceOf(CardRemovedException.class, PcscErrors.translate(pcsc("SCARD_W_RESET_CARD"), "R1"));
        assertInstanceOf(NoCardException.class, PcscErrors.translate(pcsc("SCARD_E_NO_SMARTCARD"), "R1"));
        assertTrue(PcscErrors.translate(pcsc("SCARD_E_SHARING_VIOLATION"), "R1").getMessage().contains("another program"));
        assertTrue(PcscErrors.translate(pcsc("SCARD_E_SERVICE_STOPPED"), null).getMessage().contains("pcscd"));
        assertTrue(PcscErrors.translate(pcsc("SCARD_E_READER_UNAVAILABLE"), "R1").getMessage().contains("not connected"));
        assertEquals(ReaderException.class, PcscErrors.translate(pcsc("SCARD_F_INTERNAL_ERROR"), "R1").getClass());
    }

    @Test
    void serviceGoneIsRecognised() {
        assertTrue(PcscErrors.isServiceGone(pcsc("SCARD_E_SERVICE_STOPPED")));
        assertTrue(PcscErrors.isServiceGone(new CardException("SCARD_E_NO_SERVICE")));
        assertFalse(PcscErrors.isServiceGone(pcsc("SCARD_W_REMOVED_CARD")));
    }

    @Test
    void theLibraryPropertyIsSetOnlyForAPath() {
        String before = System.getProperty(ReaderManager.LIBRARY_PROPERTY);
        ReaderManager.configureLibrary(" ");
        assertEquals(before, System.getProperty(ReaderManager.LIBRARY_PROPERTY));
    }
}
