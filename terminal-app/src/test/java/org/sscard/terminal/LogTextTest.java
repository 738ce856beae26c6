package org.sscard.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void cardNumbersIdNumbersAndIdentificationCodesAreMaskedOtherTextStays() {
        assertEquals("card_no: card [card number] is already registered",
                LogText.redact("card_no: card A1234567X is already registered"));
        assertEquals("certno: [ID number] / [ID number] does not match",
                LogText.redact("certno: 44010619900315123X / 440106900315123 does not match"));
        assertEquals("card_sn [card id] unknown", LogText.redact("card_sn 440106D156000005F0F0F0F0000000A1 unknown"));
        assertEquals("state CANCELLED, setl_id S2025030100000000123, msgid H44010600001202503011200000001",
                LogText.redact("state CANCELLED, setl_id S2025030100000000123, msgid H44010600001202503011200000001"));
        assertEquals("amount [card number] fen", LogText.redact("amount 123456789 fen"),
                "a 9-character run with a digit is masked even when it is not a card number: a log may lose a detail, never leak");
        assertNull(LogText.redact(null));
    }

    @Test
    void ecodesAndEvoucherTokensAreMasked() {
        assertEquals("ec_qrcode [e-voucher] refused, token [e-voucher].",
                LogText.redact("ec_qrcode EC4401000123456789ABCDEF0123456789ABCDEF refused, token "
                        + "ET44010000112233445566778899AABBCCDDEEFF00112233."));
    }
}
