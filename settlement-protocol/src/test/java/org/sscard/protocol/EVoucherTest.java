package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** C201: the 医保码's form, the one mask of code and token, and a visit message with the token (type 01). */
class EVoucherTest {
    @Test
    void aCodeOfAnotherFormIsRefusedNamingTheField() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new EVoucher.Decode("EC44010012345").validate(new Fields("input")));
        assertTrue(e.getMessage().contains("input.ec_qrcode"), e.getMessage());
        new EVoucher.Decode(Samples.ECODE).validate(new Fields("input"));
        assertEquals("440100", EVoucher.region(Samples.ECODE));
    }

    @Test
    void codeAndTokenAreMaskedInEveryTextOfTheirRecords() {
        assertEquals("EC44****CDEF", EVoucher.mask(Samples.ECODE));
        assertEquals("************", EVoucher.mask("ET4401001234"));
        assertFalse(new EVoucher.Decode(Samples.ECODE).toString().contains(Samples.ECODE.substring(8)));
        EVoucher.Token token = (EVoucher.Token) Samples.all().get(Transaction.EVOUCHER_DECODE).output();
        assertFalse(token.toString().contains(Samples.ETOKEN.substring(8)), token.toString());
        PreSettlement.Input visit = new PreSettlement.Input("P440100000001", MdtrtCertType.ELECTRONIC_CERTIFICATE,
                Samples.ETOKEN, MedType.OUTPATIENT, org.sscard.values.Money.parse("1.00"), PsnSetlway.BY_ITEM, "MD0001",
                "CB0001", Flag.YES, InsuType.EMPLOYEE);
        visit.validate(new Fields("input"));
        assertTrue(visit.toString().contains(EVoucher.mask(Samples.ETOKEN)), visit.toString());
        assertFalse(visit.toString().contains(Samples.ETOKEN.substring(8)), visit.toString());
    }
}
