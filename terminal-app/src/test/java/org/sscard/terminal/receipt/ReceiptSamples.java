package org.sscard.terminal.receipt;

import java.util.List;
import org.sscard.protocol.ClrType;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.Ratio;
import org.sscard.protocol.MedType;
import org.sscard.protocol.SettlementResult;
import org.sscard.values.Money;

/** A settlement of 1,234.56 元: 800.00 from the pool fund, 300.00 from the personal account, 134.56 in cash. */
final class ReceiptSamples {
    static final String SETL_ID = "S20250314000123";

    private ReceiptSamples() {
    }

    static SettlementResult settlement() {
        Money z = Money.ZERO;
        SettlementResult.SetlInfo info = new SettlementResult.SetlInfo("MD0001", SETL_ID, null, "P440100000001",
                null, null, null, null, null, null, null, InsuType.EMPLOYEE, "1101", "0", "2025-03-14 09:30:15",
                MdtrtCertType.SOCIAL_SECURITY_CARD, MedType.OUTPATIENT, Money.ofFen(123456), Money.ofFen(10000), z,
                Money.ofFen(3456), Money.ofFen(110000), Money.ofFen(20000), Money.ofFen(80000), Ratio.ofPercent(80), z,
                z, z, z, z, z, Money.ofFen(80000), Money.ofFen(43456), Money.ofFen(30000), Money.ofFen(13456), z,
                Money.ofFen(170000), z, "H44010600001202503140930150001", "440100", "01", ClrType.OUTPATIENT);
        return new SettlementResult(info, List.of(new SettlementResult.SetlDetail("310100", Money.ofFen(110000), null,
                Money.ofFen(80000), "职工基本医疗保险统筹基金", null)));
    }

    static Receipt receipt() {
        return Receipt.of(new Receipt.Header("广州市第一人民医院", "DEV-0001", "收费员一", "张三"), settlement(),
                List.of(Receipt.Line.printed("阿莫西林胶囊 0.25g×24粒", 2, Money.ofFen(5600)),
                        Receipt.Line.printed("血常规", 1, Money.ofFen(117856))));
    }
}
