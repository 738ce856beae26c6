package org.sscard.terminal.link;

import java.util.List;
import org.sscard.protocol.TransactionOutput;

/** The chain seen from interceptor {@code index}: each {@link #proceed} hands the request to the next one. */
final class InterceptorChain<O extends TransactionOutput> implements LinkInterceptor.Chain<O> {
    /** The end of the chain: one exchange on the wire. */
    interface Wire {
        <O extends TransactionOutput> LinkOutcome<O> exchange(CentralRequest<O> request);
    }

    private final List<LinkInterceptor> interceptors;
    private final int index;
    private final CentralRequest<O> request;
    private final Wire wire;

    InterceptorChain(List<LinkInterceptor> interceptors, int index, CentralRequest<O> request, Wire wire) {
        this.interceptors = interceptors;
        this.index = index;
        this.request = request;
        this.wire = wire;
    }

    static <O extends TransactionOutput> LinkOutcome<O> run(List<LinkInterceptor> interceptors, CentralRequest<O> request,
            Wire wire) {
        return new InterceptorChain<>(interceptors, 0, request, wire).proceed(request);
    }

    @Override
    public CentralRequest<O> request() {
        return request;
    }

    @Override
    public LinkOutcome<O> proceed(CentralRequest<O> next) {
        if (index == interceptors.size()) {
            return wire.exchange(next);
        }
        return interceptors.get(index).intercept(new InterceptorChain<>(interceptors, index + 1, next, wire));
    }
}
