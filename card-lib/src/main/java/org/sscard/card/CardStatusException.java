package org.sscard.card;

import org.sscard.card.apdu.StatusWord;

/**
 * The card refused a command with a status word. {@link #forStatus} picks the subclass and the operator's
 * message for each status word of the card protocol.
 */
public class CardStatusException extends SmartCardException {
    private final StatusWord statusWord;
    private final String command;

    public CardStatusException(StatusWord statusWord, String command, String message) {
        super(message);
        this.statusWord = statusWord;
        this.command = command;
    }

    public StatusWord statusWord() {
        return statusWord;
    }

    /** The command the card refused, e.g. "VERIFY PIN". */
    public String command() {
        return command;
    }

    /** The exception for a status word the card answered to {@code command}. */
    public static CardStatusException forStatus(StatusWord sw, String command) {
        if (sw.isWrongPin()) {
            return new WrongPinException(sw.triesLeft());
        }
        switch (sw.value()) {
            case 0x6283:
                return new CardBlockedException();
            case 0x6982:
                return new CardAccessDeniedException(command);
            case 0x6983:
                return new PinBlockedException();
            case 0x6984:
                return new CardRejectedDataException(command);
            case 0x6985:
                return new ConditionsNotSatisfiedException(command);
            case 0x6A82:
            case 0x6A83:
                return new CardFileNotFoundException(sw, command);
            case 0x6D00:
            case 0x6E00:
                return new UnsupportedCommandException(sw, command);
            case 0x9401:
                return new InsufficientBalanceException();
            case 0x6400:
                return new PinEntryAbortedException(sw, "The PIN was not entered on the PIN pad in time. Ask the card holder to try again.");
            case 0x6401:
                return new PinEntryAbortedException(sw, "PIN entry was cancelled on the PIN pad.");
            case 0x6700:
                return new CardStatusException(sw, command, "The card refused " + command
                        + " because of a wrong data length (SW 6700): the card's files do not match the expected layout.");
            default:
                return new CardStatusException(sw, command, "The card answered " + command + " with SW " + sw.hex()
                        + " (" + sw.description() + "). The operation was not done.");
        }
    }
}
