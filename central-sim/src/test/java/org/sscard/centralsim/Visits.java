package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sscard.protocol.ChrgitmLv;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.Flag;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.PreSettlement;
import org.sscard.protocol.PsnSetlway;
import org.sscard.protocol.Registration;
import org.sscard.protocol.Request;
import org.sscard.protocol.Response;
import org.sscard.protocol.Settlement;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.Transaction;
import org.sscard.values.Money;

/** A visit's transactions, as a terminal sends them. */
final class Visits {
    private Visits() {
    }

    static CatalogGenerator.Entry first(ChrgitmLv lv) {
        return CatalogGenerator.entries().stream().filter(e -> e.lv() == lv && (lv == ChrgitmLv.CLASS_C || e.capFen() > 1000))
                .findFirst().orElseThrow();
    }

    /** {@code n} items cycling through classes 01, 02, 03, priced at (or, for 03, a fixed) unit price. */
    static List<FeeUpload.FeeDetail> items(String mdtrtId, String psnNo, String batch, int n) {
        List<CatalogGenerator.Entry> catalog = CatalogGenerator.entries();
        List<FeeUpload.FeeDetail> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CatalogGenerator.Entry e = catalog.get((i * 37) % catalog.size());
            Money price = Money.ofFen(e.capFen() == null ? 1234 : e.capFen());
            long cnt = 1 + i % 3;
            out.add(FeeUpload.FeeDetail.billed(String.valueOf(i + 1), mdtrtId, psnNo, batch, "2025-03-14 09:20:00",
                    e.code(), "HIS-" + i, price.times(cnt), cnt, price, "D01", "内科门诊", "D440106000001", "李医生"));
        }
        return out;
    }

    static String register(TerminalClient t, String psnNo, InsuType insutype, String cardNo) throws IOException {
        return register(t, psnNo, insutype, MdtrtCertType.SOCIAL_SECURITY_CARD, cardNo);
    }

    static String register(TerminalClient t, String psnNo, InsuType insutype, MdtrtCertType certType, String certNo)
            throws IOException {
        Response<Registration.Output> r = t.send(Transaction.REGISTRATION, new Registration.Input(psnNo, insutype,
                "2025-03-14 09:00:00", certType, certNo, "OTP1", "D440106000001", "李医生", "D01", "内科门诊", "A03"));
        assertEquals(0, r.header().infcode(), r.header().errMsg());
        return r.output().mdtrtId();
    }

    static PreSettlement.Input pre(String psnNo, InsuType insutype, String cardNo, String mdtrtId, String batch,
            Money total) {
        return pre(psnNo, insutype, MdtrtCertType.SOCIAL_SECURITY_CARD, cardNo, mdtrtId, batch, total);
    }

    static PreSettlement.Input pre(String psnNo, InsuType insutype, MdtrtCertType certType, String certNo,
            String mdtrtId, String batch, Money total) {
        return new PreSettlement.Input(psnNo, certType, certNo, MedType.OUTPATIENT, total, PsnSetlway.BY_ITEM, mdtrtId,
                batch, Flag.YES, insutype);
    }

    static Settlement.Input settlementOf(PreSettlement.Input p, SettlementResult preview) {
        SettlementResult.SetlInfo s = preview.setlinfo();
        return new Settlement.Input(p.psnNo(), p.mdtrtCertType(), p.mdtrtCertNo(), p.medType(), p.medfeeSumamt(),
                p.psnSetlway(), p.mdtrtId(), p.chrgBchno(), p.acctUsedFlag(), p.insutype(), s.fulamtOwnpayAmt(),
                s.overlmtSelfpay(), s.preselfpayAmt(), s.inscpScpAmt(), null);
    }

    /** 2201 → 2204 (n items) → 2206; returns the 2207 request, ready to send. */
    static Request<Settlement.Input> upToSettlement(TerminalClient t, String psnNo, InsuType insutype, String cardNo,
            int n) throws IOException {
        return upToSettlement(t, psnNo, insutype, MdtrtCertType.SOCIAL_SECURITY_CARD, cardNo, n);
    }

    /** The same with any certificate: a card number (03) or an e-voucher token (01). */
    static Request<Settlement.Input> upToSettlement(TerminalClient t, String psnNo, InsuType insutype,
            MdtrtCertType certType, String certNo, int n) throws IOException {
        String mdtrtId = register(t, psnNo, insutype, certType, certNo);
        List<FeeUpload.FeeDetail> items = items(mdtrtId, psnNo, "CB1", n);
        Response<FeeUpload.Output> up = t.send(Transaction.FEE_UPLOAD, new FeeUpload.Input(items));
        assertEquals(0, up.header().infcode(), up.header().errMsg());
        Money total = Money.ZERO;
        for (FeeUpload.FeeDetail d : items) {
            total = total.plus(d.detItemFeeSumamt());
        }
        PreSettlement.Input p = pre(psnNo, insutype, certType, certNo, mdtrtId, "CB1", total);
        Response<SettlementResult> preview = t.send(Transaction.PRE_SETTLEMENT, p);
        assertEquals(0, preview.header().infcode(), preview.header().errMsg());
        return t.request(Transaction.SETTLEMENT, settlementOf(p, preview.output()));
    }
}
