package org.sscard.terminal.link;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.sscard.protocol.Fields;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.Request;
import org.sscard.protocol.RequestHeader;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionOutput;

/**
 * Makes the message fit to leave now: a request stamped more than {@link #STALE_AFTER} from the station's clock, or
 * with another {@code sign_no} than the current one (a sign-in since it was built), gets {@code inf_time} = now and the
 * current {@code sign_no} and is signed again with the DEVICE_SIGN key; msgid, input and every other header field stay
 * (the central service leaves {@code inf_time}, {@code sign_no} and {@code cainfo} out of its idempotency hash, so it
 * is the same message). Without this a message queued more than 5 minutes ago, or before the last sign-in, would be
 * refused (−3 / −4). A message built just now goes as built. The outbox keeps the bytes as first built.
 */
final class Signing implements LinkInterceptor {
    /** Well inside the central service's 5-minute window for {@code inf_time}. */
    static final Duration STALE_AFTER = Duration.ofMinutes(1);

    /** Re-stamps and signs a request under its own msgid. */
    interface Stamper {
        PreparedMessage restamp(Request<?> stored);
    }

    private final Clock clock;
    private final Supplier<Optional<String>> signNo;
    private final Stamper stamper;

    Signing(Clock clock, Supplier<Optional<String>> signNo, Stamper stamper) {
        this.clock = clock;
        this.signNo = signNo;
        this.stamper = stamper;
    }

    @Override
    public <O extends TransactionOutput> LinkOutcome<O> intercept(Chain<O> chain) {
        CentralRequest<O> request = chain.request();
        byte[] body = request.message().body();
        Request<?> stored = MessageCodec.readStoredRequest(body);
        // a request stored before the wrappers is written again in the interface's form
        boolean rewrite = stale(stored.header()) || MessageCodec.storedBeforeWrappers(body);
        return chain.proceed(rewrite ? request.with(stamper.restamp(stored)) : request);
    }

    private boolean stale(RequestHeader h) {
        String current = Transaction.SIGN_IN.infno().equals(h.infno()) ? null : signNo.get().orElse(null);
        if (!Objects.equals(current, h.signNo())) {
            return true;
        }
        LocalDateTime stamped = LocalDateTime.parse(h.infTime(), Fields.DATE_TIME);
        return Duration.between(stamped, LocalDateTime.now(clock)).abs().compareTo(STALE_AFTER) > 0;
    }
}
