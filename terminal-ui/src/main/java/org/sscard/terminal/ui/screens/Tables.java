package org.sscard.terminal.ui.screens;

import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** Read-only tables of text cells, as the supervisor screens show them. */
final class Tables {
    private Tables() {
    }

    static <T> TableView<T> table(String nodeId, String placeholder) {
        TableView<T> t = new TableView<>();
        t.setId(nodeId);
        t.setPlaceholder(new Label(placeholder));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return t;
    }

    static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }
}
