package org.sscard.card.transport;

/** Base of the decorators: forwards everything to the wrapped transport. */
public abstract class ForwardingTransport implements CardTransport {
    protected final CardTransport inner;

    protected ForwardingTransport(CardTransport inner) {
        if (inner == null) {
            throw new IllegalArgumentException("a decorator needs a transport to wrap");
        }
        this.inner = inner;
    }

    @Override
    public byte[] transmit(byte[] command) {
        return inner.transmit(command);
    }

    @Override
    public byte[] atr() {
        return inner.atr();
    }

    @Override
    public void close() {
        inner.close();
    }
}
