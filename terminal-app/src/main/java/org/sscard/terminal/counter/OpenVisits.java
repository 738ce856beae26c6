package org.sscard.terminal.counter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.Request;
import org.sscard.protocol.Transaction;
import org.sscard.store.Catalog;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.store.StationStore;
import org.sscard.store.Visits;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.Money;

/**
 * The visits as the station store knows them, for a process that did not start them: the visit's row ({@link
 * org.sscard.store.Visits}: med_type, operator and the credential it was begun with (for a 医保码, its person) written
 * at registration, the finished mark when the card was updated and the receipt made, closed once nothing is left to
 * do) and its outbox stream {@code visit.<mdtrt_id>} (2204, 2207, 2208 with their answers). A visit is found once its
 * fees were uploaded (the 2201 is a direct call and leaves nothing in the outbox). Listing reads the rows of the visits
 * not closed only, so it costs what is open, not what was done.
 */
public final class OpenVisits {
    /** How far back visits are looked for. */
    static final Duration HORIZON = Duration.ofDays(30);

    private final StationStore store;
    private final Clock clock;

    OpenVisits(StationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * One visit in a listing (no holder name).
     *
     * @param begunWith what the holder presented when the visit was registered: the card or the 医保码; resuming
     *                  asks for the same kind
     */
    public record OpenVisit(String mdtrtId, MedType medType, VisitState status, String psnNo, String operatorId,
                            Instant createdAt, Money total, String detail, MdtrtCertType begunWith) {
        public boolean begunWithEcode() {
            return begunWith == MdtrtCertType.ELECTRONIC_CERTIFICATE;
        }
    }

    /** A visit as stored: enough to carry on with it. */
    record Stored(String mdtrtId, MedType medType, VisitState status, String psnNo, String operatorId, Instant createdAt,
                  String batchNumber, List<PricedLine> lines, FeeUpload.Output fees, OutboxEntry lastSettlement,
                  String detail, MdtrtCertType begunWith) {
        Money total() {
            Money total = Money.ZERO;
            for (PricedLine l : lines) {
                total = total.plus(l.amount());
            }
            return total;
        }
    }

    /**
     * The visits of the last {@link #HORIZON}, oldest first; {@code onlyOpen}: those not finished. A visit found with
     * nothing left to do (settled and finished, cancelled, refused) is closed in its row, so the next open listing
     * skips it.
     */
    List<OpenVisit> list(boolean onlyOpen) {
        List<OpenVisit> out = new ArrayList<>();
        for (Visits.Row row : store.visits().since(clock.instant().minus(HORIZON), onlyOpen)) {
            Optional<Stored> stored = stored(row.mdtrtId());
            if (stored.isEmpty()) {
                continue;
            }
            Stored v = stored.get();
            if (!v.status().open() && !row.closed()) {
                closeQuietly(v.mdtrtId());
            }
            if (!onlyOpen || v.status().open()) {
                out.add(listed(v));
            }
        }
        out.sort(java.util.Comparator.comparing(OpenVisit::createdAt));
        return out;
    }

    /** The visit with this mdtrt_id as a listing shows it, if its fees were uploaded by this station. */
    Optional<OpenVisit> find(String mdtrtId) {
        return stored(mdtrtId).map(this::listed);
    }

    private OpenVisit listed(Stored v) {
        return new OpenVisit(v.mdtrtId(), v.medType(), v.status(), v.psnNo(), v.operatorId(), v.createdAt(),
                v.total(), v.detail(), v.begunWith());
    }

    /** Closing only spares later listings a look; a store that cannot be written now leaves the visit to the next. */
    private void closeQuietly(String mdtrtId) {
        try {
            store.visits().close(mdtrtId);
        } catch (org.sscard.store.StoreException e) {
            // listed again next time
        }
    }

    /** The visit with this mdtrt_id, if its fees were uploaded by this station. */
    Optional<Stored> stored(String mdtrtId) {
        List<OutboxEntry> entries = store.outbox().stream(Visit.streamOf(mdtrtId));
        OutboxEntry upload = null;
        OutboxEntry settlement = null;
        boolean cancelled = false;
        for (OutboxEntry e : entries) {
            if (Transaction.FEE_UPLOAD.infno().equals(e.infno())) {
                if (upload == null || upload.state() != OutboxState.DONE || e.state() == OutboxState.DONE) {
                    upload = e;
                }
            } else if (Transaction.SETTLEMENT.infno().equals(e.infno())) {
                if (settlement == null || settlement.state() != OutboxState.DONE) {
                    settlement = e;
                }
            } else if (Transaction.SETTLEMENT_CANCEL.infno().equals(e.infno()) && e.state() == OutboxState.DONE) {
                cancelled = true;
            }
        }
        if (upload == null) {
            return Optional.empty();
        }
        Request<FeeUpload.Input> request = MessageCodec.readStoredRequest(upload.payload(), Transaction.FEE_UPLOAD);
        List<FeeUpload.FeeDetail> details = request.input().feedetail();
        Optional<Visits.Row> row = store.visits().find(mdtrtId);
        MedType medType = medType(row, settlement);
        Optional<OutboxEntry> head = store.outbox().head(Visit.streamOf(mdtrtId));
        VisitState status;
        String detail;
        if (head.isPresent()) {
            OutboxEntry h = head.get();
            status = h.state() == OutboxState.UNKNOWN ? VisitState.OUTCOME_UNKNOWN : VisitState.PENDING;
            detail = h.infno() + " " + h.msgid() + " " + h.state() + (h.lastError() == null ? "" : ": " + h.lastError());
        } else if (cancelled) {
            status = VisitState.CANCELLED;
            detail = "cancelled";
        } else if (upload.state() != OutboxState.DONE) {
            status = VisitState.REFUSED;
            detail = "2204 " + upload.state() + ": " + (upload.state() == OutboxState.RESOLVED ? upload.resolution()
                    : upload.deadReason());
        } else if (settlement == null) {
            status = VisitState.FEES_UPLOADED;
            detail = "fees uploaded, not settled";
        } else if (settlement.state() == OutboxState.DONE) {
            boolean finished = store.visits().finishedMark(mdtrtId).isPresent();
            status = finished ? VisitState.SETTLED : VisitState.SETTLED_NOT_FINISHED;
            detail = "2207 " + settlement.msgid() + (finished ? " settled" : " settled; card update and receipt due");
        } else if (settlement.state() == OutboxState.RESOLVED) {
            status = VisitState.REVERSED;
            detail = "2207 " + settlement.msgid() + " " + settlement.resolution();
        } else {
            status = VisitState.REFUSED;
            detail = "2207 " + settlement.msgid() + ": " + settlement.deadReason();
        }
        // the person a 医保码 visit is bound to, as its row keeps it; a card visit's is in its 2204 only
        String psnNo = row.map(Visits.Row::psnNo).orElse(details.get(0).psnNo());
        return Optional.of(new Stored(mdtrtId, medType, status, psnNo, request.header().opter(),
                upload.createdAt(), details.get(0).chrgBchno(), lines(details), upload.state() == OutboxState.DONE
                ? MessageCodec.readStoredResponse(upload.response(), Transaction.FEE_UPLOAD).output() : null, settlement,
                detail, begunWith(row)));
    }

    private static MedType medType(Optional<Visits.Row> row, OutboxEntry settlement) {
        if (settlement != null) {
            return MessageCodec.readStoredRequest(settlement.payload(), Transaction.SETTLEMENT).input().medType();
        }
        return row.map(Visits.Row::medType).map(MedType::of).orElse(MedType.OUTPATIENT);
    }

    /** The credential the visit was registered with, from its row; a visit without one was begun with the card. */
    private static MdtrtCertType begunWith(Optional<Visits.Row> row) {
        return row.map(Visits.Row::mdtrtCertType).map(MdtrtCertType::of).orElse(MdtrtCertType.SOCIAL_SECURITY_CARD);
    }

    /** The lines as uploaded: the stored price is kept even if the catalog's price changed since. */
    private List<PricedLine> lines(List<FeeUpload.FeeDetail> details) {
        List<PricedLine> lines = new ArrayList<>();
        for (FeeUpload.FeeDetail d : details) {
            Catalog.LocalItem current = store.catalog().local(d.medinsListCodg()).orElse(null);
            Catalog.NationalItem national = store.catalog().national(d.medListCodg()).orElseThrow(() ->
                    new CounterException(Reason.STORED_ITEM_NOT_IN_CATALOG, d.medListCodg()));
            Catalog.LocalItem asUploaded = new Catalog.LocalItem(d.medinsListCodg(), current == null ? national.name()
                    : current.name(), d.pric(), d.medListCodg(), current == null ? List.of() : current.barcodes());
            lines.add(new PricedLine(Integer.parseInt(d.feedetlSn()), asUploaded, national, d.cnt()));
        }
        return lines;
    }
}
