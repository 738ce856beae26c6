package org.sscard.protocol;

/**
 * 2601 reversal (冲正): undoes the message {@code omsgid} (transaction {@code oinfno}) if it took effect;
 * a no-op if it did not. The terminal uses it to resolve an unknown outcome.
 */
public final class Reversal {
    private Reversal() {
    }

    /** {@code psn_no}: required for the person transactions (2201–2208), absent otherwise. */
    public record Input(String psnNo, String omsgid, String oinfno) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.optionalText("psn_no", psnNo, 30);
            MsgId.parse(omsgid, f.at("omsgid"));
            Transaction.byInfno(f.at("oinfno"), oinfno);
            if (Transaction.REVERSAL.infno().equals(oinfno)) {
                throw f.invalid("oinfno", "a reversal cannot itself be reversed");
            }
        }
    }

    /**
     * The interface's output is empty ({@code {}}); every member here is ours and optional: {@code omsgid} and
     * {@code oinfno} echo the input, {@code took_effect} 1 the original had taken effect and is now undone, 0 it had not.
     */
    public record Output(String omsgid, String oinfno, Flag tookEffect) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.optionalText("omsgid", omsgid, 30);
            f.optionalText("oinfno", oinfno, 6);
        }
    }
}
