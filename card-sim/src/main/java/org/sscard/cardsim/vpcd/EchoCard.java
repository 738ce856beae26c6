package org.sscard.cardsim.vpcd;

/**
 * A card that answers every command with its own data followed by 9000: the baseline for measuring
 * what the virtual reader path costs, without any card work.
 */
public final class EchoCard implements VirtualCard {
    private static final byte[] ATR = {0x3B, (byte) 0x80, (byte) 0x80, 0x01, 0x01};

    @Override
    public byte[] atr() {
        return ATR.clone();
    }

    @Override
    public void powerOn() {
        // stateless
    }

    @Override
    public void powerOff() {
        // stateless
    }

    @Override
    public void reset() {
        // stateless
    }

    @Override
    public byte[] transmit(byte[] command) {
        int dataLength = command.length > 5 ? Math.min(command[4] & 0xFF, command.length - 5) : 0;
        byte[] response = new byte[dataLength + 2];
        if (dataLength > 0) {
            System.arraycopy(command, 5, response, 0, dataLength);
        }
        response[dataLength] = (byte) 0x90;
        return response;
    }
}
