package org.sscard.protocol;

/** 2205 fee detail withdraw: removes an unsettled charge batch of a visit. */
public final class FeeWithdraw {
    private FeeWithdraw() {
    }

    public record Input(String mdtrtId, String chrgBchno, String psnNo) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.text("mdtrt_id", mdtrtId, 30);
            f.text("chrg_bchno", chrgBchno, 30);
            f.text("psn_no", psnNo, 30);
        }
    }

    /** {@code withdrawn_cnt}: how many fee rows were removed (ours). */
    public record Output(String mdtrtId, String chrgBchno, Long withdrawnCnt) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.text("mdtrt_id", mdtrtId, 30);
            f.text("chrg_bchno", chrgBchno, 30);
            f.range("withdrawn_cnt", withdrawnCnt, 0, FeeUpload.MAX_ITEMS);
        }
    }
}
