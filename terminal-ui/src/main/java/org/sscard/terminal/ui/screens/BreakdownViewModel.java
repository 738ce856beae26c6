package org.sscard.terminal.ui.screens;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.sscard.protocol.SettlementResult;
import org.sscard.values.Money;

/** The split of a pre-settlement (2206) or settlement (2207): total, fund, personal account, cash, balance, setl_id. */
public final class BreakdownViewModel {
    private final BooleanProperty shown = new SimpleBooleanProperty(false);
    private final BooleanProperty finalSettlement = new SimpleBooleanProperty(false);
    private final LongProperty totalFen = new SimpleLongProperty();
    private final LongProperty fundFen = new SimpleLongProperty();
    private final LongProperty accountFen = new SimpleLongProperty();
    private final LongProperty cashFen = new SimpleLongProperty();
    private final LongProperty balanceFen = new SimpleLongProperty();
    private final StringProperty setlId = new SimpleStringProperty("");

    /** Shows the central service's answer; a result without setl_id is a pre-settlement. */
    public void show(SettlementResult result) {
        SettlementResult.SetlInfo s = result.setlinfo();
        totalFen.set(s.medfeeSumamt().fen());
        fundFen.set(s.fundPaySumamt().fen());
        accountFen.set(s.acctPay().fen());
        cashFen.set(s.psnCashPay().fen());
        balanceFen.set(s.balc() == null ? 0 : s.balc().fen());
        setlId.set(s.setlId() == null ? "" : s.setlId());
        finalSettlement.set(s.setlId() != null);
        shown.set(true);
    }

    /** Shows an offline debit: the whole amount from the personal account on the card, no fund, no cash. */
    public void showOfflineDebit(Money amount, Money balanceAfter, String recordId) {
        totalFen.set(amount.fen());
        fundFen.set(0);
        accountFen.set(amount.fen());
        cashFen.set(0);
        balanceFen.set(balanceAfter.fen());
        setlId.set(recordId);
        finalSettlement.set(true);
        shown.set(true);
    }

    /** Shows a deferred visit: the whole total paid in cash now, the fund share not known until it is settled. */
    public void showDeferred(Money paidInCash, String ref) {
        totalFen.set(paidInCash.fen());
        fundFen.set(0);
        accountFen.set(0);
        cashFen.set(paidInCash.fen());
        balanceFen.set(0);
        setlId.set(ref);
        finalSettlement.set(true);
        shown.set(true);
    }

    public void clear() {
        shown.set(false);
        finalSettlement.set(false);
        totalFen.set(0);
        fundFen.set(0);
        accountFen.set(0);
        cashFen.set(0);
        balanceFen.set(0);
        setlId.set("");
    }

    public BooleanProperty shownProperty() {
        return shown;
    }

    public BooleanProperty finalSettlementProperty() {
        return finalSettlement;
    }

    public LongProperty totalFenProperty() {
        return totalFen;
    }

    public LongProperty fundFenProperty() {
        return fundFen;
    }

    public LongProperty accountFenProperty() {
        return accountFen;
    }

    public LongProperty cashFenProperty() {
        return cashFen;
    }

    public LongProperty balanceFenProperty() {
        return balanceFen;
    }

    public StringProperty setlIdProperty() {
        return setlId;
    }
}
