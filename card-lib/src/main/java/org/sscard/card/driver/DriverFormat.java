package org.sscard.card.driver;

import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.sscard.card.apdu.Atr;
import org.sscard.card.session.CardData;

/** Output in the national card-reader driver's text formats, for software written against the driver. */
public final class DriverFormat {
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private DriverFormat() {
    }

    /**
     * {@code iReadCardBas}: {@code 区划|社会保障号码|卡号|卡识别码|姓名|卡复位信息|规范版本|发卡日期|卡有效期|终端机编号|终端设备号|}.
     * 区划 is the card's issuing region (from the identification code); 卡复位信息 is the ATR's historical
     * bytes in hex, as the national driver gives them; dates are {@code yyyyMMdd}. A field containing '|' is
     * refused; a malformed ATR is a {@link org.sscard.card.CardFormatException}.
     */
    public static String iReadCardBas(CardData card, byte[] atr, String terminalNumber, String deviceNumber) {
        String[] fields = {
            card.issuer().identificationCode().region(),
            card.holder().socialSecurityNumber(),
            card.issuer().cardNumber().value(),
            card.issuer().identificationCode().hex(),
            card.holder().name(),
            HexFormat.of().withUpperCase().formatHex(Atr.parse(atr).historicalBytes()),
            card.issuer().specVersion(),
            card.issuer().issueDate().format(DATE),
            card.issuer().expiryDate().format(DATE),
            terminalNumber,
            deviceNumber,
        };
        StringBuilder out = new StringBuilder();
        for (String field : fields) {
            if (field.indexOf('|') >= 0) {
                throw new IllegalArgumentException("a driver field cannot contain '|'");
            }
            out.append(field).append('|');
        }
        return out.toString();
    }
}
