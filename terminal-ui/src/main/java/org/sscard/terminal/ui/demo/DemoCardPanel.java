package org.sscard.terminal.ui.demo;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.sscard.terminal.ui.text.Texts;

/**
 * Demo only: a small window listing the demo cards of the manifest with Insert / Remove buttons that put a card into
 * the simulated reader or take it out, so that the station's reader status and card reading follow. The last line
 * of the simulated reader is shown at the bottom (id {@code demo-reader-line}).
 */
public final class DemoCardPanel {
    private final Stage stage = new Stage();
    private final Label line = new Label();
    private final DemoReader reader;

    public DemoCardPanel(DemoCards cards, DemoReader.Starter starter, Texts texts, Window owner) {
        this.reader = starter.start(text -> Platform.runLater(() -> line.setText(text)));
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        int row = 0;
        for (DemoCards.Card c : cards.cards()) {
            Button insert = new Button(texts.get("demo.panel.insert"));
            insert.setId("demo-insert-" + c.number());
            insert.setOnAction(e -> act(() -> reader.insert(c.number())));
            grid.addRow(row++, new Label(c.number() + "."), new Label(c.holderName()), new Label(c.cardNumber()),
                    new Label(texts.get("demo.status." + c.status())), insert);
        }
        Button remove = new Button(texts.get("demo.panel.remove"));
        remove.setId("demo-remove");
        remove.setOnAction(e -> act(reader::remove));
        line.setId("demo-reader-line");
        line.setWrapText(true);
        Label hint = new Label(texts.get("demo.panel.hint"));
        hint.setWrapText(true);
        VBox box = new VBox(10, hint, grid, remove, line);
        box.setPadding(new Insets(12));
        box.setAlignment(Pos.TOP_LEFT);
        box.setId("demo-card-panel");
        stage.setTitle(texts.get("demo.panel.title"));
        stage.setScene(new Scene(box));
        if (owner != null) {
            stage.initOwner(owner);
        }
    }

    private void act(Runnable command) {
        try {
            command.run();
        } catch (IllegalStateException | IllegalArgumentException e) {
            line.setText(e.getMessage());
        }
    }

    public DemoReader reader() {
        return reader;
    }

    public void show(double x, double y) {
        stage.setX(x);
        stage.setY(y);
        stage.show();
    }

    public void close() {
        stage.close();
        reader.close();
    }
}
