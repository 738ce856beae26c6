package org.sscard.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One transaction of the interface: its {@code infno}, and the Java types of its {@code input} and
 * {@code output}. The constants are the complete set this project speaks.
 */
public final class Transaction<I extends TransactionInput, O extends TransactionOutput> {
    private static final Map<String, Transaction<?, ?>> BY_INFNO = new LinkedHashMap<>();

    public static final Transaction<SignIn.Input, SignIn.Output> SIGN_IN =
            define("9001", "sign-in", SignIn.Input.class, SignIn.Output.class);
    public static final Transaction<PersonInfo.Input, PersonInfo.Output> PERSON_INFO =
            define("1101", "person info", PersonInfo.Input.class, PersonInfo.Output.class);
    public static final Transaction<Registration.Input, Registration.Output> REGISTRATION =
            define("2201", "outpatient registration", Registration.Input.class, Registration.Output.class);
    public static final Transaction<FeeUpload.Input, FeeUpload.Output> FEE_UPLOAD =
            define("2204", "fee detail upload", FeeUpload.Input.class, FeeUpload.Output.class);
    public static final Transaction<FeeWithdraw.Input, FeeWithdraw.Output> FEE_WITHDRAW =
            define("2205", "fee detail withdraw", FeeWithdraw.Input.class, FeeWithdraw.Output.class);
    public static final Transaction<PreSettlement.Input, SettlementResult> PRE_SETTLEMENT =
            define("2206", "pre-settlement", PreSettlement.Input.class, SettlementResult.class);
    public static final Transaction<Settlement.Input, SettlementResult> SETTLEMENT =
            define("2207", "settlement", Settlement.Input.class, SettlementResult.class);
    public static final Transaction<SettlementCancel.Input, SettlementResult> SETTLEMENT_CANCEL =
            define("2208", "settlement cancel", SettlementCancel.Input.class, SettlementResult.class);
    public static final Transaction<Reversal.Input, Reversal.Output> REVERSAL =
            define("2601", "reversal", Reversal.Input.class, Reversal.Output.class);
    public static final Transaction<TotalReconciliation.Input, TotalReconciliation.Output> TOTAL_RECONCILIATION =
            define("3201", "total reconciliation", TotalReconciliation.Input.class, TotalReconciliation.Output.class);
    public static final Transaction<DetailReconciliation.Input, DetailReconciliation.Output> DETAIL_RECONCILIATION =
            define("3202", "detail reconciliation", DetailReconciliation.Input.class,
                    DetailReconciliation.Output.class);
    public static final Transaction<CatalogQuery.Input, CatalogQuery.Output> CATALOG_QUERY =
            define("1312", "catalog query", CatalogQuery.Input.class, CatalogQuery.Output.class);
    public static final Transaction<CardService.Register, CardService.CardStatus> CARD_REGISTER =
            define("C101", "register an issued card", CardService.Register.class, CardService.CardStatus.class);
    public static final Transaction<CardService.LossReport, CardService.CardStatus> CARD_LOSS_REPORT =
            define("C102", "loss report", CardService.LossReport.class, CardService.CardStatus.class);
    public static final Transaction<CardService.LiftLossReport, CardService.CardStatus> CARD_LIFT_LOSS_REPORT =
            define("C103", "lift loss report", CardService.LiftLossReport.class, CardService.CardStatus.class);
    public static final Transaction<CardService.ChangeCard, CardService.CardChanged> CARD_REISSUE =
            define("C104", "reissue", CardService.ChangeCard.class, CardService.CardChanged.class);
    public static final Transaction<CardService.ChangeCard, CardService.CardChanged> CARD_REPLACE =
            define("C105", "replace", CardService.ChangeCard.class, CardService.CardChanged.class);
    public static final Transaction<CardService.Cancel, CardService.CardStatus> CARD_CANCEL =
            define("C106", "cancel card", CardService.Cancel.class, CardService.CardStatus.class);
    public static final Transaction<CardService.StatusQuery, CardService.CardStatus> CARD_STATUS_QUERY =
            define("C107", "card status query", CardService.StatusQuery.class, CardService.CardStatus.class);
    public static final Transaction<CardService.BlacklistQuery, CardService.Blacklist> BLACKLIST_DOWNLOAD =
            define("C108", "blacklist download", CardService.BlacklistQuery.class, CardService.Blacklist.class);
    public static final Transaction<CardService.PinResetRequest, CardService.PinResetAuthorisation> PIN_RESET_AUTH =
            define("C109", "authorise PIN reset", CardService.PinResetRequest.class,
                    CardService.PinResetAuthorisation.class);
    public static final Transaction<CardService.OfflineDebits, CardService.OfflineDebitResults> OFFLINE_DEBITS =
            define("C110", "submit offline debit records", CardService.OfflineDebits.class,
                    CardService.OfflineDebitResults.class);
    public static final Transaction<CardService.Suspend, CardService.CardStatus> CARD_SUSPEND =
            define("C111", "suspend card", CardService.Suspend.class, CardService.CardStatus.class);
    public static final Transaction<CardService.Resume, CardService.CardStatus> CARD_RESUME =
            define("C112", "resume card", CardService.Resume.class, CardService.CardStatus.class);
    public static final Transaction<EVoucher.Decode, EVoucher.Token> EVOUCHER_DECODE =
            define("C201", "e-voucher decode", EVoucher.Decode.class, EVoucher.Token.class);

    private final String infno;
    private final String name;
    private final Class<I> inputType;
    private final Class<O> outputType;

    private Transaction(String infno, String name, Class<I> inputType, Class<O> outputType) {
        this.infno = infno;
        this.name = name;
        this.inputType = inputType;
        this.outputType = outputType;
    }

    private static <I extends TransactionInput, O extends TransactionOutput> Transaction<I, O> define(
            String infno, String name, Class<I> inputType, Class<O> outputType) {
        Transaction<I, O> t = new Transaction<>(infno, name, inputType, outputType);
        BY_INFNO.put(infno, t);
        return t;
    }

    /** The transaction with this {@code infno}; {@code path} names the field in the error. */
    public static Transaction<?, ?> byInfno(String path, String infno) {
        if (infno == null) {
            throw ProtocolException.invalid(path, "required");
        }
        Transaction<?, ?> t = BY_INFNO.get(infno);
        if (t == null) {
            throw ProtocolException.invalid(path, "unknown transaction code");
        }
        return t;
    }

    public static Map<String, Transaction<?, ?>> all() {
        return Collections.unmodifiableMap(BY_INFNO);
    }

    public String infno() {
        return infno;
    }

    public String name() {
        return name;
    }

    public Class<I> inputType() {
        return inputType;
    }

    public Class<O> outputType() {
        return outputType;
    }

    @Override
    public String toString() {
        return infno + " " + name;
    }
}
