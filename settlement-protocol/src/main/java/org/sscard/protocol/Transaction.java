package org.sscard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One transaction of the interface: its {@code infno}, the Java types of its {@code input} and {@code output}, and
 * where each sits on the wire: under one wrapper member ({@code input.data}, {@code output.signinoutb}) or, with
 * {@link #MEMBERS}, as the members of {@code input}/{@code output} themselves (2204's {@code feedetail[]}, 2207's
 * {@code setlinfo} and {@code setldetail[]}). The constants are the complete set this project speaks; the codec
 * wraps and unwraps, so a record never names its wrapper.
 */
public final class Transaction<I extends TransactionInput, O extends TransactionOutput> {
    private static final Map<String, Transaction<?, ?>> BY_INFNO = new LinkedHashMap<>();
    /** The interface's usual wrapper: the record's members under {@code data}. */
    static final String DATA = "data";
    /** No wrapper: the record's members are the members of {@code input} or {@code output}. */
    static final String MEMBERS = null;

    public static final Transaction<SignIn.Input, SignIn.Output> SIGN_IN =
            define("9001", "sign-in", SignIn.Input.class, "signIn", SignIn.Output.class, "signinoutb");
    public static final Transaction<PersonInfo.Input, PersonInfo.Output> PERSON_INFO =
            define("1101", "person info", PersonInfo.Input.class, DATA, PersonInfo.Output.class, MEMBERS);
    public static final Transaction<Registration.Input, Registration.Output> REGISTRATION =
            define("2201", "outpatient registration", Registration.Input.class, DATA, Registration.Output.class, DATA);
    public static final Transaction<FeeUpload.Input, FeeUpload.Output> FEE_UPLOAD =
            define("2204", "fee detail upload", FeeUpload.Input.class, MEMBERS, FeeUpload.Output.class, MEMBERS);
    public static final Transaction<FeeWithdraw.Input, FeeWithdraw.Output> FEE_WITHDRAW =
            define("2205", "fee detail withdraw", FeeWithdraw.Input.class, DATA, FeeWithdraw.Output.class, DATA);
    public static final Transaction<PreSettlement.Input, SettlementResult> PRE_SETTLEMENT =
            define("2206", "pre-settlement", PreSettlement.Input.class, DATA, SettlementResult.class, MEMBERS);
    public static final Transaction<Settlement.Input, SettlementResult> SETTLEMENT =
            define("2207", "settlement", Settlement.Input.class, DATA, SettlementResult.class, MEMBERS);
    public static final Transaction<SettlementCancel.Input, SettlementResult> SETTLEMENT_CANCEL =
            define("2208", "settlement cancel", SettlementCancel.Input.class, DATA, SettlementResult.class, MEMBERS);
    public static final Transaction<Reversal.Input, Reversal.Output> REVERSAL =
            define("2601", "reversal", Reversal.Input.class, DATA, Reversal.Output.class, MEMBERS);
    public static final Transaction<TotalReconciliation.Input, TotalReconciliation.Output> TOTAL_RECONCILIATION =
            define("3201", "total reconciliation", TotalReconciliation.Input.class, DATA,
                    TotalReconciliation.Output.class, "stmtinfo");
    public static final Transaction<DetailReconciliation.Input, DetailReconciliation.Output> DETAIL_RECONCILIATION =
            define("3202", "detail reconciliation", DetailReconciliation.Input.class, DATA,
                    DetailReconciliation.Output.class, "fileinfo");
    public static final Transaction<FileTransfer.Upload, FileTransfer.Uploaded> FILE_UPLOAD =
            define("9101", "file upload", FileTransfer.Upload.class, "fsUploadIn", FileTransfer.Uploaded.class, MEMBERS);
    /** Answered with the file itself, no envelope ({@link #answersWithFile()}). */
    public static final Transaction<FileTransfer.Download, FileTransfer.Content> FILE_DOWNLOAD =
            define("9102", "file download", FileTransfer.Download.class, "fsDownloadIn", FileTransfer.Content.class,
                    MEMBERS);
    public static final Transaction<CatalogQuery.Input, CatalogQuery.Output> CATALOG_QUERY =
            define("1312", "catalog query", CatalogQuery.Input.class, DATA, CatalogQuery.Output.class, MEMBERS);
    public static final Transaction<PriceCapQuery.Input, PriceCapQuery.Output> PRICE_CAP_QUERY =
            define("1318", "price cap query", PriceCapQuery.Input.class, DATA, PriceCapQuery.Output.class, MEMBERS);
    public static final Transaction<SelfpayRatioQuery.Input, SelfpayRatioQuery.Output> SELFPAY_RATIO_QUERY =
            define("1319", "self-pay ratio query", SelfpayRatioQuery.Input.class, DATA,
                    SelfpayRatioQuery.Output.class, MEMBERS);
    public static final Transaction<CardService.Register, CardService.CardStatus> CARD_REGISTER =
            define("C101", "register an issued card", CardService.Register.class, DATA,
                    CardService.CardStatus.class, DATA);
    public static final Transaction<CardService.LossReport, CardService.CardStatus> CARD_LOSS_REPORT =
            define("C102", "loss report", CardService.LossReport.class, DATA, CardService.CardStatus.class, DATA);
    public static final Transaction<CardService.LiftLossReport, CardService.CardStatus> CARD_LIFT_LOSS_REPORT =
            define("C103", "lift loss report", CardService.LiftLossReport.class, DATA,
                    CardService.CardStatus.class, DATA);
    public static final Transaction<CardService.ChangeCard, CardService.CardChanged> CARD_REISSUE =
            define("C104", "reissue", CardService.ChangeCard.class, DATA, CardService.CardChanged.class, DATA);
    public static final Transaction<CardService.ChangeCard, CardService.CardChanged> CARD_REPLACE =
            define("C105", "replace", CardService.ChangeCard.class, DATA, CardService.CardChanged.class, DATA);
    public static final Transaction<CardService.Cancel, CardService.CardStatus> CARD_CANCEL =
            define("C106", "cancel card", CardService.Cancel.class, DATA, CardService.CardStatus.class, DATA);
    public static final Transaction<CardService.StatusQuery, CardService.CardStatus> CARD_STATUS_QUERY =
            define("C107", "card status query", CardService.StatusQuery.class, DATA,
                    CardService.CardStatus.class, DATA);
    public static final Transaction<CardService.BlacklistQuery, CardService.Blacklist> BLACKLIST_DOWNLOAD =
            define("C108", "blacklist download", CardService.BlacklistQuery.class, DATA,
                    CardService.Blacklist.class, DATA);
    public static final Transaction<CardService.PinResetRequest, CardService.PinResetAuthorisation> PIN_RESET_AUTH =
            define("C109", "authorise PIN reset", CardService.PinResetRequest.class, DATA,
                    CardService.PinResetAuthorisation.class, DATA);
    public static final Transaction<CardService.OfflineDebits, CardService.OfflineDebitResults> OFFLINE_DEBITS =
            define("C110", "submit offline debit records", CardService.OfflineDebits.class, DATA,
                    CardService.OfflineDebitResults.class, DATA);
    public static final Transaction<CardService.Suspend, CardService.CardStatus> CARD_SUSPEND =
            define("C111", "suspend card", CardService.Suspend.class, DATA, CardService.CardStatus.class, DATA);
    public static final Transaction<CardService.Resume, CardService.CardStatus> CARD_RESUME =
            define("C112", "resume card", CardService.Resume.class, DATA, CardService.CardStatus.class, DATA);
    public static final Transaction<EVoucher.Decode, EVoucher.Token> EVOUCHER_DECODE =
            define("C201", "e-voucher decode", EVoucher.Decode.class, DATA, EVoucher.Token.class, DATA);

    private final String infno;
    private final String name;
    private final Class<I> inputType;
    private final String inputWrapper;
    private final Class<O> outputType;
    private final String outputWrapper;

    private Transaction(String infno, String name, Class<I> inputType, String inputWrapper, Class<O> outputType,
            String outputWrapper) {
        this.infno = infno;
        this.name = name;
        this.inputType = inputType;
        this.inputWrapper = inputWrapper;
        this.outputType = outputType;
        this.outputWrapper = outputWrapper;
    }

    private static <I extends TransactionInput, O extends TransactionOutput> Transaction<I, O> define(String infno,
            String name, Class<I> inputType, String inputWrapper, Class<O> outputType, String outputWrapper) {
        Transaction<I, O> t = new Transaction<>(infno, name, inputType, inputWrapper, outputType, outputWrapper);
        for (Transaction<?, ?> other : BY_INFNO.values()) {
            if (other.outputType == outputType && !Objects.equals(other.outputWrapper, outputWrapper)) {
                // a response is written from its output record alone, so one record has one place
                throw new IllegalStateException(infno + ": " + outputType.getSimpleName() + " is wrapped otherwise in "
                        + other.infno);
            }
        }
        BY_INFNO.put(infno, t);
        return t;
    }

    /** The transaction {@code infno} names, or {@code null} for a code this project does not speak. */
    static Transaction<?, ?> orNull(String infno) {
        return infno == null ? null : BY_INFNO.get(infno);
    }

    /** The transaction answered with {@code outputType} (all that share it are wrapped alike), or {@code null}. */
    static Transaction<?, ?> answeredWith(Class<?> outputType) {
        for (Transaction<?, ?> t : BY_INFNO.values()) {
            if (t.outputType == outputType) {
                return t;
            }
        }
        return null;
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

    /** True for a transaction whose answer is the file itself, not an envelope (9102); a refusal is an envelope. */
    public boolean answersWithFile() {
        return outputType == FileTransfer.Content.class;
    }

    /** The wire path of the input record's members: {@code input.data}, {@code input.signIn} or {@code input}. */
    public String inputPath() {
        return inputWrapper == null ? "input" : "input." + inputWrapper;
    }

    /** The wire path of the output record's members: {@code output.data}, {@code output.stmtinfo} or {@code output}. */
    public String outputPath() {
        return outputWrapper == null ? "output" : "output." + outputWrapper;
    }

    /** The wrapper member of {@code input}, or {@code null} for {@link #MEMBERS}. */
    String inputWrapper() {
        return inputWrapper;
    }

    /** The wrapper member of {@code output}, or {@code null} for {@link #MEMBERS}. */
    String outputWrapper() {
        return outputWrapper;
    }

    /**
     * The input record's members in a stored request body's tree (for reading one field without the whole codec):
     * under the wrapper, or directly under {@code input} in a request stored before the wrappers.
     */
    public JsonNode inputMembers(JsonNode request) {
        JsonNode input = request.path("input");
        return inputWrapper != null && input.has(inputWrapper) ? input.path(inputWrapper) : input;
    }

    @Override
    public String toString() {
        return infno + " " + name;
    }
}
