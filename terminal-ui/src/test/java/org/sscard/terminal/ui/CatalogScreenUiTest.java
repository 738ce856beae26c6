package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.labelText;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sscard.values.Money;
import org.sscard.store.Catalog;
import org.sscard.store.Role;
import org.sscard.terminal.ledger.HospitalCatalog;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerBackground;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerReplicator;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.screens.CatalogScreen;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The hospital catalogue screen (real PostgreSQL), in Chinese, from the keyboard: the administrator sees the ledger's
 * items and the version each station holds, adds an item and publishes it with Enter through the fields, withdraws the
 * chosen one with Alt+W (this station refuses it at once), and a price that is not an amount or a national code the
 * station does not know publishes nothing (the ledger's refusal in Chinese words); the
 * supervisor sees the list without the means to change it.
 */
@ExtendWith(ApplicationExtension.class)
class CatalogScreenUiTest extends LedgerStationUi {
    @Test
    void theAdministratorPublishesAndWithdrawsFromTheKeyboard(FxRobot robot) throws Exception {
        Ledger ledger = LedgerDatabase.ledger(LedgerDatabase.require());
        station = new OnlineStation(dir);
        station.store.operators().create("admin1", "catalogue", "目录管理员", Role.ADMINISTRATOR,
                "Temp-Pass-9".toCharArray());
        station.store.operators().changePassword("catalogue", "Temp-Pass-9".toCharArray(), OnlineStation.PASSWORD.clone());
        String national = station.item(3).nationalCode();
        ledger.publishCatalog(OnlineStation.INSTITUTION, "admin1", List.of(
                new Catalog.LocalItem("H0001", "院内换药", Money.ofFen(1250), national, List.of("6900000000017"))));

        HospitalCatalog catalog = new HospitalCatalog(station.store, ledger, OnlineStation.INSTITUTION,
                station.config.deviceNumber());
        background = new LedgerBackground(ledger, new LedgerReplicator(station.store, ledger, OnlineStation.INSTITUTION,
                station.config.deviceNumber()), catalog, station.clock);
        UiServices s = station.services(Locale.SIMPLIFIED_CHINESE);
        UiServices services = new UiServices(s.texts(), s.clock(), s.institutionName(), s.store(), s.sessions(),
                s.authorizer(), s.monitor(), s.forwarder(), s.readers(), background);
        FxToolkit.setupStage(stage -> {
            ui = new TerminalUi(services, new BarcodeWedge(new WedgeDetector(), System::nanoTime), station.workflows,
                    station.supervisor());
            stage.setScene(ui.scene());
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        background.start(Duration.ofHours(1));
        waitUntil(() -> catalog.version() == 1, "the first pass takes the hospital catalogue");

        logIn(robot, "catalogue", OnlineStation.PASSWORD);
        waitUntil(() -> ui.screens().stream().anyMatch(x -> x instanceof CatalogScreen), "the catalogue screen");
        CatalogScreen screen = ui.screens().stream().filter(CatalogScreen.class::isInstance)
                .map(CatalogScreen.class::cast).findFirst().orElseThrow();
        FxClick.on(robot, "#nav-screen-catalog");
        waitUntil(() -> labelText(robot, "#catalog-version").equals("院内目录版本 v1，本终端持有 v1"),
                labelText(robot, "#catalog-version"));
        assertEquals(List.of("H0001"), screen.shown().stream().map(e -> e.item().localCode()).toList());
        TableView<?> stations = robot.lookup("#catalog-stations").queryAs(TableView.class);
        waitUntil(() -> stations.getItems().size() == 1, "this station in the list");
        assertEquals(1L, ((Ledger.StationCatalog) stations.getItems().get(0)).catalogVersion());

        // A new item, typed field by field with Enter; Enter in the last field publishes.
        FxClick.on(robot, "#catalog-code").write("H0002");
        robot.type(KeyCode.ENTER).write("院内纱布").type(KeyCode.ENTER).write("3.00").type(KeyCode.ENTER)
                .write(national).type(KeyCode.ENTER).write("6900000000024").type(KeyCode.ENTER);
        waitUntil(() -> labelText(robot, "#catalog-message").startsWith("已发布 H0002，院内目录版本 v2"),
                labelText(robot, "#catalog-message"));
        waitUntil(() -> screen.shown().size() == 2, "the list read again");
        assertEquals(new Catalog.LocalItem("H0002", "院内纱布", Money.ofFen(300), national, List.of("6900000000024")),
                ledger.catalogSince(OnlineStation.INSTITUTION, "DEV-0009", 0, null).offered().get(1));
        assertEquals(300, station.store.catalog().local("H0002").orElseThrow().price().fen(), "this station took it");

        // A price that is not an amount: a message, nothing published, the fields kept.
        robot.interact(() -> robot.lookup("#catalog-price").queryTextInputControl().setText("3.005"));
        FxClick.on(robot, "#catalog-barcodes");
        robot.type(KeyCode.ENTER);
        waitUntil(() -> labelText(robot, "#catalog-message").startsWith("单价“3.005”不是有效金额"),
                labelText(robot, "#catalog-message"));
        assertEquals(2, ledger.catalogSince(OnlineStation.INSTITUTION, "DEV-0009", 0, null).version());
        assertEquals("院内纱布", robot.lookup("#catalog-name").queryTextInputControl().getText());

        // A national code this station's catalogue does not know: refused in the reasons bundle's Chinese words.
        robot.interact(() -> {
            robot.lookup("#catalog-price").queryTextInputControl().setText("3.00");
            robot.lookup("#catalog-national").queryTextInputControl().setText("NOT-A-CODE");
        });
        FxClick.on(robot, "#catalog-barcodes");
        robot.type(KeyCode.ENTER);
        String unknown = "未执行：医院账本未完成此操作。（" + Problem.of(Reason.CATALOG_PUBLISH_NATIONAL_UNKNOWN,
                List.of("NOT-A-CODE"), 1).in(Locale.SIMPLIFIED_CHINESE) + "）";
        waitUntil(() -> labelText(robot, "#catalog-message").equals(unknown), labelText(robot, "#catalog-message"));
        assertTrue(unknown.contains("有 1 个国家编码不在本站的国家目录中(NOT-A-CODE)"), unknown);
        assertEquals(2, ledger.catalogSince(OnlineStation.INSTITUTION, "DEV-0009", 0, null).version(), "nothing published");

        // The first item chosen with the arrows, withdrawn with Alt+W.
        FxClick.on(robot, "#catalog-items");
        robot.type(KeyCode.HOME);
        waitUntil(() -> screen.shown().size() == 2 && robot.lookup("#catalog-items").queryAs(TableView.class)
                .getSelectionModel().getSelectedIndex() == 0, "the first row chosen");
        robot.press(KeyCode.ALT).type(KeyCode.W).release(KeyCode.ALT);
        waitUntil(() -> labelText(robot, "#catalog-message").startsWith("已停用 H0001，院内目录版本 v3"),
                labelText(robot, "#catalog-message"));
        waitUntil(() -> screen.shown().stream().anyMatch(e -> e.item().localCode().equals("H0001") && e.withdrawn()),
                "shown withdrawn");
        assertTrue(station.store.catalog().isWithdrawn("H0001"), "this station refuses it at once");
        assertFalse(station.store.catalog().isWithdrawn("H0002"));
        for (String action : List.of("catalog.hospital.publish", "catalog.hospital.withdraw")) {
            assertEquals(List.of("catalogue"), station.store.audit().after(0, action, 10).stream()
                    .map(e -> e.operator()).toList(), action + " audited");
        }

        // The supervisor sees the list and the stations, with nothing to change.
        robot.interact(() -> station.sessions.logout());
        logIn(robot, "supervisor", OnlineStation.PASSWORD);
        waitUntil(() -> ui.screens().stream().anyMatch(x -> x instanceof CatalogScreen && x != screen),
                "the supervisor's catalogue screen");
        CatalogScreen looking = ui.screens().stream().filter(CatalogScreen.class::isInstance)
                .map(CatalogScreen.class::cast).findFirst().orElseThrow();
        robot.interact(() -> ui.show(looking));
        waitUntil(() -> looking.shown().size() == 2, "the list for the supervisor");
        for (String button : List.of("#catalog-publish", "#catalog-withdraw")) {
            assertFalse(looking.view().lookup(button).getParent().isVisible(), button + " is not offered to a supervisor");
        }
        assertTrue(looking.view().lookup("#catalog-items").isVisible());
    }
}
