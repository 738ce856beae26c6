package org.sscard.card.driver;

import org.sscard.card.CardAccessDeniedException;
import org.sscard.card.CardBlockedException;
import org.sscard.card.CardFileNotFoundException;
import org.sscard.card.CardFormatException;
import org.sscard.card.CardNotGenuineException;
import org.sscard.card.CardRejectedDataException;
import org.sscard.card.CardRemovedException;
import org.sscard.card.InvalidPinFormatException;
import org.sscard.card.NoCardException;
import org.sscard.card.PinBlockedException;
import org.sscard.card.PinEntryAbortedException;
import org.sscard.card.ReaderException;
import org.sscard.card.SecurityModuleException;
import org.sscard.card.UnsupportedCommandException;
import org.sscard.card.WrongCardException;
import org.sscard.card.WrongPinException;

/**
 * The negative return codes of the national card-reader driver interface ({@code iReadCardBas} and
 * friends) that card-lib's exceptions map to, for software that expects the driver's codes. See
 * {@code docs/card-lib.md} for the table.
 */
public enum DriverCode {
    OK(0, "成功 success"),
    WRONG_CARD_TYPE(-1, "卡类型不对 wrong card type"),
    NO_CARD(-2, "无卡 no card"),
    READER_NOT_CONNECTED(-11, "读卡器未连接 reader not connected"),
    READER_COMMUNICATION(-12, "读卡器通讯错误 reader/card communication error"),
    INTERNAL_AUTH_FAILED(-21, "内部认证失败 internal authentication failed"),
    EXTERNAL_AUTH_FAILED(-22, "外部认证失败 external authentication failed"),
    CARD_BLOCKED(-23, "卡已锁定 card application blocked"),
    ACCESS_DENIED(-24, "安全状态不满足 security status not satisfied"),
    FILE_NOT_FOUND(-25, "文件或记录不存在 file or record not found"),
    WRONG_PIN(-51, "PIN校验失败 wrong PIN"),
    PIN_LOCKED(-52, "PIN已锁死 PIN locked"),
    PIN_ENTRY_ABORTED(-53, "PIN输入取消或超时 PIN entry cancelled or timed out"),
    PIN_FORMAT(-54, "PIN格式错误 PIN is not 4-12 digits"),
    NO_PSAM(-2201, "无PSAM卡或密钥 no PSAM / security module key"),
    OTHER(-99, "其他错误 other error");

    private final int code;
    private final String description;

    DriverCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The driver code for a failure (null: success). */
    public static DriverCode of(Throwable failure) {
        if (failure == null) {
            return OK;
        }
        if (failure instanceof WrongCardException || failure instanceof UnsupportedCommandException) {
            return WRONG_CARD_TYPE;
        }
        if (failure instanceof NoCardException || failure instanceof CardRemovedException) {
            return NO_CARD;
        }
        if (failure instanceof ReaderException) {
            return READER_NOT_CONNECTED;
        }
        if (failure instanceof CardFormatException) {
            return READER_COMMUNICATION;
        }
        if (failure instanceof CardNotGenuineException) {
            return INTERNAL_AUTH_FAILED;
        }
        if (failure instanceof CardRejectedDataException) {
            return EXTERNAL_AUTH_FAILED;
        }
        if (failure instanceof CardBlockedException) {
            return CARD_BLOCKED;
        }
        if (failure instanceof CardAccessDeniedException) {
            return ACCESS_DENIED;
        }
        if (failure instanceof CardFileNotFoundException) {
            return FILE_NOT_FOUND;
        }
        if (failure instanceof WrongPinException) {
            return WRONG_PIN;
        }
        if (failure instanceof PinBlockedException) {
            return PIN_LOCKED;
        }
        if (failure instanceof PinEntryAbortedException) {
            return PIN_ENTRY_ABORTED;
        }
        if (failure instanceof InvalidPinFormatException) {
            return PIN_FORMAT;
        }
        if (failure instanceof SecurityModuleException) {
            return NO_PSAM;
        }
        return OTHER;
    }
}
