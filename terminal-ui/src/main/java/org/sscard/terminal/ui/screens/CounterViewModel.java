package org.sscard.terminal.ui.screens;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.LongBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.sscard.store.Catalog;
import org.sscard.terminal.config.Departments;

/**
 * The state of a counter screen (cashier window, pharmacy counter): holder, items, total, breakdown, a message.
 * Items are added by code or barcode from the station's catalog cache; an item without a national code match is
 * added but marked unmatched (the settlement workflow refuses it with the unmatched-items message).
 */
public final class CounterViewModel {
    private final HolderViewModel holder = new HolderViewModel();
    private final BreakdownViewModel breakdown = new BreakdownViewModel();
    private final ObservableList<ItemRow> items = FXCollections.observableArrayList(
            row -> new javafx.beans.Observable[] {row.amountFenProperty()});
    private final LongBinding totalFen = Bindings.createLongBinding(
            () -> items.stream().mapToLong(r -> r.amountFenProperty().get()).reduce(0, Math::addExact), items);
    private final StatusText status = new StatusText();
    private final StringProperty notice = new SimpleStringProperty("");
    private final ObjectProperty<CounterActions> actions = new SimpleObjectProperty<>();
    private final StringProperty department = new SimpleStringProperty("");
    private final StringProperty doctor = new SimpleStringProperty("");
    private boolean visitFields;
    private Departments departments = Departments.DEFAULTS;
    private final Function<String, Optional<Catalog.LocalItem>> lookup;

    /** @param lookup finds an item by barcode or local code (runs off the FX thread) */
    public CounterViewModel(Function<String, Optional<Catalog.LocalItem>> lookup) {
        this.lookup = lookup;
    }

    /** The catalog's item for a code or barcode (call off the FX thread). */
    public Optional<Catalog.LocalItem> find(String code) {
        return lookup.apply(code);
    }

    /** Adds one of {@code item}, or one more if it is already in the table (FX thread). */
    public ItemRow add(Catalog.LocalItem item) {
        for (ItemRow row : items) {
            if (row.codeProperty().get().equals(item.localCode())) {
                row.quantityProperty().set(row.quantityProperty().get() + 1);
                return row;
            }
        }
        ItemRow row = new ItemRow(item.localCode(), item.name(), 1, item.price().fen(), item.nationalCode() != null);
        items.add(row);
        breakdown.clear();
        return row;
    }

    public void clear() {
        items.clear();
        holder.clear();
        breakdown.clear();
        status.clear();
        notice.set("");
    }

    /**
     * Shows the department and doctor fields of a hospital visit (cashier window), filled with {@code department}
     * and {@code doctor}; the department is chosen among the station's {@code departments}. Call before the screen is
     * built.
     */
    public CounterViewModel withVisitFields(String defaultDepartment, String defaultDoctor, Departments departments) {
        visitFields = true;
        department.set(defaultDepartment);
        doctor.set(defaultDoctor);
        this.departments = departments;
        return this;
    }

    /** The station's departments the visit may be registered with (their codes, in order of code). */
    public List<String> departmentCodes() {
        return departments.byCode().keySet().stream().sorted().toList();
    }

    /** The name of the department {@code code} in the station's settings, if it has one. */
    public Optional<String> departmentName(String code) {
        return code == null ? Optional.empty() : departments.department(code).map(Departments.Department::name);
    }

    public boolean hasVisitFields() {
        return visitFields;
    }

    /** The department code of the next visit (2201 dept_code); blank = the workflow's default. */
    public StringProperty departmentProperty() {
        return department;
    }

    /** The doctor's name of the next visit (2201); blank = the workflow's default. */
    public StringProperty doctorProperty() {
        return doctor;
    }

    public HolderViewModel holder() {
        return holder;
    }

    public BreakdownViewModel breakdown() {
        return breakdown;
    }

    public ObservableList<ItemRow> items() {
        return items;
    }

    public LongBinding totalFen() {
        return totalFen;
    }

    public StringProperty messageProperty() {
        return status.textProperty();
    }

    /** The platform's notice (warn_msg) for the cashier, worded with its label; empty when there is none. */
    public StringProperty noticeProperty() {
        return notice;
    }

    /** The message with its failure mark: {@code status().fail(text)} shows a refusal or an error. */
    public StatusText status() {
        return status;
    }

    /** The workflow behind the screen; null until one is connected. */
    public ObjectProperty<CounterActions> actionsProperty() {
        return actions;
    }
}
