package org.sscard.terminal.card;

import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.PersonInfo;

/**
 * What the holder presented for an online visit, checked and known to the central service (1101): the social security
 * card ({@link PresentedCard}: read, PIN verified, written after a settlement) or the 医保码 ({@link PresentedEcode}:
 * decoded into a token, no PIN, nothing to write). The visit's messages name it as {@code mdtrt_cert_type} and
 * {@code mdtrt_cert_no}.
 */
public sealed interface Credential extends AutoCloseable permits PresentedCard, PresentedEcode {
    MdtrtCertType certType();

    /** {@code mdtrt_cert_no}: the card number, or the e-voucher token (never shown or logged in full). */
    String certNumber();

    PersonInfo.Output person();

    /** What the cashier checks against the person and the ID. */
    HolderView holder();

    default String personNumber() {
        return person().baseinfo().psnNo();
    }

    /** The insured region of the person (insuplc_admdvs of the first insurance row). */
    default String insuredRegion() {
        return person().insuinfo().get(0).insuplcAdmdvs();
    }

    default PersonInfo.InsuInfo insurance() {
        return person().insuinfo().get(0);
    }

    /** Releases what the credential holds (the card reader); nothing for a 医保码. */
    @Override
    void close();
}
