package org.sscard.terminal.link;

import java.util.Optional;
import java.util.function.Supplier;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionOutput;

/**
 * On −4 (sign-in missing, unknown or expired) signs in again once, as the operator of the last 9001, and sends the
 * same message once more: the same msgid and input, re-stamped with the new {@code sign_no} by {@link Signing} further
 * in. That is no second message to the central service: it checks the sign-in only for a msgid it has not stored,
 * stores nothing for a −4, and leaves {@code sign_no}, {@code inf_time} and {@code cainfo} out of its idempotency hash
 * (docs/settlement-protocol.md §5). A new msgid instead would leave the outbox holding a msgid that was never
 * answered. If the new sign-in fails, the −4 is the outcome.
 */
final class SignInRenewal implements LinkInterceptor {
    /** Signs in again unless the sign-in changed since {@code refusedSignNo} was used; true if there is a new one. */
    interface Renewer {
        boolean renewAfter(String refusedSignNo);
    }

    private final Supplier<Optional<String>> signNo;
    private final Renewer renewer;

    SignInRenewal(Supplier<Optional<String>> signNo, Renewer renewer) {
        this.signNo = signNo;
        this.renewer = renewer;
    }

    @Override
    public <O extends TransactionOutput> LinkOutcome<O> intercept(Chain<O> chain) {
        if (Transaction.SIGN_IN.infno().equals(chain.request().infno())) {
            return chain.proceed(chain.request());
        }
        String used = signNo.get().orElse(null);
        LinkOutcome<O> outcome = chain.proceed(chain.request());
        if (outcome instanceof LinkOutcome.Refused<O> r && r.code() == InfCode.SIGN_IN_REQUIRED
                && renewer.renewAfter(used)) {
            return chain.proceed(chain.request());
        }
        return outcome;
    }
}
