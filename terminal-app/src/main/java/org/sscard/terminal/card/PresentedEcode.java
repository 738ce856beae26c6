package org.sscard.terminal.card;

import org.sscard.protocol.EVoucher;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.PersonInfo;

/**
 * A 医保码 (医保电子凭证) that the platform decoded (C201) into an e-voucher token and whose person it knows (1101 with
 * the token): the holder authenticated on the phone, so there is no PIN, and there is no card to write after a
 * settlement. {@link #toString()} shows the token masked only.
 *
 * @param expires when the platform stops accepting the token ({@code expy_time})
 */
public record PresentedEcode(String token, String expires, PersonInfo.Output person, HolderView holder)
        implements Credential {
    @Override
    public MdtrtCertType certType() {
        return MdtrtCertType.ELECTRONIC_CERTIFICATE;
    }

    @Override
    public String certNumber() {
        return token;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "PresentedEcode[token=" + EVoucher.mask(token) + ", expires=" + expires + ", " + holder + "]";
    }
}
