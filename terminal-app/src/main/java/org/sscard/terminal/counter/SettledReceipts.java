package org.sscard.terminal.counter;

import java.util.ArrayList;
import java.util.List;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.Transaction;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.store.StationStore;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.Receipt;

/**
 * Rebuilds the receipt of a settlement this station made, from its own record (the DONE 2207 in the outbox with the
 * central service's answer, and the 2204 of the settled batch for the item lines, named from the catalog). The
 * station does not keep the patient's name with the settlement, so a rebuilt receipt has none.
 */
public final class SettledReceipts {
    private final StationStore store;
    private final SettledRecords records;
    private final String institutionName;
    private final String deviceNumber;

    public SettledReceipts(StationStore store, SettledRecords records, String institutionName, String deviceNumber) {
        this.store = store;
        this.records = records;
        this.institutionName = institutionName;
        this.deviceNumber = deviceNumber;
    }

    /** The receipt of settlement {@code setlId}; a {@link CounterException} says when there is no such settlement. */
    public Receipt rebuild(String setlId) {
        String id = setlId == null ? "" : setlId.trim();
        if (id.isEmpty()) {
            throw new CounterException(Reason.SETTLEMENT_ID_MISSING);
        }
        SettledRecords.Record r = records.findSettlement(id).orElseThrow(() -> new CounterException(
                Reason.SETTLEMENT_NOT_FOUND, id));
        OutboxEntry entry = store.outbox().find(r.msgid()).orElseThrow(() -> new CounterException(
                Reason.SETTLEMENT_RECORD_GONE, id, r.msgid()));
        SettlementResult result = MessageCodec.readStoredResponse(entry.response(), Transaction.SETTLEMENT).output();
        String operator = store.operators().find(r.operatorId()).map(o -> o.displayName()).orElse(r.operatorId());
        Receipt rebuilt = Receipt.of(new Receipt.Header(institutionName, deviceNumber, operator,
                records.holderName(r).orElse("")), result, lines(r));
        boolean eVoucher = MessageCodec.readRequest(entry.payload(), Transaction.SETTLEMENT).input().mdtrtCertType()
                == MdtrtCertType.ELECTRONIC_CERTIFICATE;
        return eVoucher ? rebuilt.withEVoucher() : rebuilt;
    }

    private List<Receipt.Line> lines(SettledRecords.Record r) {
        List<Receipt.Line> lines = new ArrayList<>();
        if (r.batchNumber() == null) {
            return lines;
        }
        for (OutboxEntry e : store.outbox().stream(r.stream())) {
            if (!Transaction.FEE_UPLOAD.infno().equals(e.infno()) || e.state() != OutboxState.DONE) {
                continue;
            }
            List<FeeUpload.FeeDetail> details = MessageCodec.readStoredRequest(e.payload(), Transaction.FEE_UPLOAD).input()
                    .feedetail();
            if (details.isEmpty() || !r.batchNumber().equals(details.get(0).chrgBchno())) {
                continue;
            }
            for (FeeUpload.FeeDetail d : details) {
                String name = store.catalog().local(d.medinsListCodg()).map(i -> i.name()).orElse(d.medinsListCodg());
                lines.add(new Receipt.Line(d.medinsListCodg(), name, d.medListCodg(), d.cnt(), d.pric(), d.detItemFeeSumamt(),
                        null, null, null, null, null));
            }
        }
        return lines;
    }
}
