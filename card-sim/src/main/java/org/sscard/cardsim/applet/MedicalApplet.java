package org.sscard.cardsim.applet;

import javacard.framework.AID;
import javacard.framework.APDU;
import javacard.framework.Applet;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;
import javacard.framework.JCSystem;

/**
 * The applet installed under the medical AID: a front end of the card that {@link SsseApplet} owns, so
 * both applications share one security state and one persistent store. Install after the SSSE applet;
 * no install parameters.
 */
public final class MedicalApplet extends Applet {
    private CardApplication card;

    private MedicalApplet() {
    }

    public static void install(byte[] params, short offset, byte length) {
        new MedicalApplet().register();
    }

    @Override
    public void process(APDU apdu) {
        if (card == null) {
            AID owner = JCSystem.lookupAID(SocialSecurityCard.SSSE_AID, (short) 0,
                    (byte) SocialSecurityCard.SSSE_AID.length);
            if (owner != null) {
                card = (CardApplication) JCSystem.getAppletShareableInterfaceObject(owner, (byte) 0);
            }
            if (card == null) {
                ISOException.throwIt(ISO7816.SW_FUNC_NOT_SUPPORTED);
            }
        }
        card.process(apdu, CardApplication.MEDICAL, selectingApplet());
    }
}
