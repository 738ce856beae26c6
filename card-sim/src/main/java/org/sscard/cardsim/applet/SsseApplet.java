package org.sscard.cardsim.applet;

import javacard.framework.AID;
import javacard.framework.APDU;
import javacard.framework.Applet;
import javacard.framework.Shareable;

/**
 * The applet installed under the SSSE AID. It owns the card ({@link SocialSecurityCard}) and shares it
 * with {@link MedicalApplet}. Install parameters: see {@link SocialSecurityCard}.
 */
public final class SsseApplet extends Applet {
    private final SocialSecurityCard card;

    private SsseApplet(byte[] params, short offset, byte length) {
        card = new SocialSecurityCard(params, offset, length);
    }

    public static void install(byte[] params, short offset, byte length) {
        new SsseApplet(params, offset, length).register();
    }

    @Override
    public void process(APDU apdu) {
        card.process(apdu, CardApplication.SSSE, selectingApplet());
    }

    @Override
    public Shareable getShareableInterfaceObject(AID client, byte parameter) {
        return card;
    }
}
