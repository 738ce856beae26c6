package org.sscard.protocol;

/** 2208 settlement cancel (撤销): reverses a settlement; the output is the reversing settlement. */
public final class SettlementCancel {
    private SettlementCancel() {
    }

    public record Input(String setlId, String mdtrtId, String psnNo) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.text("setl_id", setlId, 30);
            f.text("mdtrt_id", mdtrtId, 30);
            f.text("psn_no", psnNo, 30);
        }
    }
}
