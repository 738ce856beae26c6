package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.addByCode;
import static org.sscard.terminal.ui.CounterUiSteps.enterPin;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.message;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.Role;
import org.sscard.terminal.card.CardSlot;
import org.sscard.card.pcsc.ReaderManager;
import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import org.sscard.terminal.counter.SettledReceipts;
import org.sscard.terminal.office.CardOffice;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.ui.office.CardOfficeDesk;
import org.sscard.terminal.ui.office.SlipPrinter;
import org.sscard.terminal.config.RuntimeSettings;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.counter.Reconciliation;
import org.sscard.terminal.counter.Reports;
import org.sscard.terminal.receipt.PdfReceiptPrinter;
import org.sscard.terminal.receipt.PdfReceiptRenderer;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.reader.ReaderStatus;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.ui.screens.CardOfficeScreen;
import org.sscard.terminal.ui.screens.DeferredScreen;
import org.sscard.terminal.ui.screens.UiKit;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.sscard.terminal.ui.workflow.SupervisorWorkflows;
import javafx.scene.input.KeyCode;
import org.sscard.store.Catalog;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders each main screen to PNG in the folder named by {@code -Dsscard.screenshots=DIR} (run by
 * scripts/screenshots); does nothing without it.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIf("wanted")
class ScreenshotTour {
    static boolean wanted() {
        String dir = System.getProperty("sscard.screenshots", "");
        return !dir.isBlank();
    }

    @Test
    void renderEachMainScreen(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path out = Path.of(System.getProperty("sscard.screenshots"));
        Files.createDirectories(out);
        try (UiFixture station = new UiFixture(tmp)) {
            TerminalUi[] ui = new TerminalUi[1];
            FxToolkit.setupStage(stage -> {
                ui[0] = new TerminalUi(station.services(Locale.SIMPLIFIED_CHINESE),
                        new BarcodeWedge(new WedgeDetector(), System::nanoTime), null, supervisor(station));
                stage.setScene(ui[0].scene());
                stage.show();
            });
            station.monitor.probeNow();
            station.readers.push(ReaderStatus.of(ReaderStatus.State.CARD_PRESENT, "Virtual PCD 00 00"));
            shoot(robot, ui[0], out.resolve("login.png"));
            String[][] tour = {{"sup1", "offline-queue.png"}, {"aud1", "audit.png"}, {"admin1", "operators.png"}};
            for (String[] step : tour) {
                robot.interact(() -> station.sessions.login(step[0], UiFixture.PASSWORD.clone()));
                WaitForAsyncUtils.waitForFxEvents();
                if (step[0].equals("sup1")) {
                    station.centralUp = false;
                    station.monitor.probeNow();
                }
                if (step[0].equals("admin1")) {
                    robot.interact(() -> ui[0].show(ui[0].screens().get(1)));
                }
                Thread.sleep(500);
                shoot(robot, ui[0], out.resolve(step[1]));
                if (step[0].equals("sup1")) {
                    for (String[] screen : new String[][] {{"screen-reconciliation", "reconciliation.png"},
                        {"screen-reports", "reports.png"}, {"screen-reprint", "reprint.png"}}) {
                        robot.interact(() -> ui[0].show(ui[0].screens().stream().filter(x -> x.id().equals(screen[0]))
                                .findFirst().orElseThrow()));
                        Thread.sleep(300);
                        shoot(robot, ui[0], out.resolve(screen[1]));
                    }
                    Texts texts = new Texts(Locale.SIMPLIFIED_CHINESE);
                    DeferredScreen deferred = new DeferredScreen(new DeferredVisits(station.config, station.store,
                            station.link, new OfflinePolicy(station.config.offline(), station.store, station.clock),
                            station.monitor, station.authorizer, station.clock), null,
                            new UiKit(texts, new ErrorMessages(texts), ui[0].tasks()));
                    robot.interact(() -> ui[0].show(deferred));
                    Thread.sleep(300);
                    shoot(robot, ui[0], out.resolve("deferred.png"));
                }
                if (step[0].equals("admin1")) {
                    robot.interact(() -> ui[0].show(ui[0].screens().get(2)));
                    Thread.sleep(300);
                    shoot(robot, ui[0], out.resolve("settings.png"));
                }
                if (step[0].equals("aud1")) {
                    station.sessions.lock();
                    Thread.sleep(300);
                    shoot(robot, ui[0], out.resolve("locked.png"));
                }
                robot.interact(station.sessions::logout);
                station.centralUp = true;
                station.monitor.probeNow();
            }
            shootCardOffice(robot, station, ui[0], out.resolve("card-office.png"));
            ui[0].close();
        }
        shootCounters(robot, tmp, out);
    }

    /**
     * The cashier window and the pharmacy counter as they are after a settlement, through the real workflows: an
     * in-process central-sim, demo card 1 in jCardSim's reader, its PIN typed on the PIN dialog.
     */
    private static void shootCounters(FxRobot robot, Path tmp, Path out) throws Exception {
        try (OnlineStation station = new OnlineStation(Files.createDirectories(tmp.resolve("counters")))) {
            TerminalUi[] ui = new TerminalUi[1];
            FxToolkit.setupStage(stage -> {
                ui[0] = new TerminalUi(station.services(Locale.SIMPLIFIED_CHINESE),
                        new BarcodeWedge(new WedgeDetector(), System::nanoTime), station.workflows);
                stage.setScene(ui[0].scene());
                stage.show();
            });
            station.monitor.probeNow();
            station.readers.push(ReaderStatus.of(ReaderStatus.State.CARD_PRESENT, "Virtual PCD 00 00"));
            logIn(robot, "cashier", OnlineStation.PASSWORD);
            waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
            CounterScreen cashier = (CounterScreen) ui[0].currentScreen().orElseThrow();
            for (int n : new int[] {0, 100, 101}) {
                addByCode(robot, "#screen-cashier-item", station.item(n).localCode());
            }
            settle(robot, station, cashier, "#screen-cashier-holder-confirm");
            shoot(robot, ui[0], out.resolve("cashier.png"));
            robot.type(KeyCode.ESCAPE);
            robot.interact(station.sessions::logout);

            logIn(robot, "pharmacist", OnlineStation.PASSWORD);
            waitUntil(() -> visible(robot, "#screen-pharmacy"), "the pharmacy counter");
            CounterScreen pharmacy = (CounterScreen) ui[0].currentScreen().orElseThrow();
            Catalog.LocalItem drug = station.store.catalog().searchLocal("AMXL", 5).get(0);
            addByCode(robot, "#screen-pharmacy-item", drug.barcodes().get(0));
            addByCode(robot, "#screen-pharmacy-item", drug.barcodes().get(0));
            settle(robot, station, pharmacy, "#screen-pharmacy-holder-confirm");
            shoot(robot, ui[0], out.resolve("pharmacy.png"));
            robot.interact(station.sessions::logout);
            ui[0].close();
        }
    }

    private static void settle(FxRobot robot, OnlineStation station, CounterScreen screen, String holderConfirm)
            throws Exception {
        robot.type(KeyCode.F2);
        enterPin(robot, station.card.pin());
        waitUntil(() -> screen.model().holder().presentProperty().get(), "the holder shown: " + message(screen));
        FxClick.on(robot, holderConfirm);
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the confirmation: " + message(screen));
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> screen.model().breakdown().finalSettlementProperty().get(), "settled: " + message(screen));
    }

    /** The card clerk's screen with a holder form whose ID number has a wrong check character (checked locally). */
    private static void shootCardOffice(FxRobot robot, UiFixture station, TerminalUi ui, Path file) throws Exception {
        station.store.operators().create("admin1", "clerk1", "李卡务", Role.CARD_CLERK, "Initial-Pass9".toCharArray());
        station.store.operators().changePassword("clerk1", "Initial-Pass9".toCharArray(), UiFixture.PASSWORD.clone());
        robot.interact(() -> ui.setCardOffice(new CardOfficeDesk(new CardOffice(station.config, station.store,
                station.module, station.link, station.authorizer, station.clock),
                new CardSlot(new ReaderManager(() -> CardTerminalSimulator.terminals("office reader")), "office reader"),
                null, station.module,
                new SlipPrinter() {
                    @Override
                    public void print(HandoverSlip slip) {
                        throw new IllegalStateException("nothing is printed in the screenshot tour");
                    }

                    @Override
                    public String name() {
                        return "none";
                    }
                })));
        robot.interact(() -> station.sessions.login("clerk1", UiFixture.PASSWORD.clone()));
        WaitForAsyncUtils.waitForFxEvents();
        CardOfficeScreen office = (CardOfficeScreen) ui.currentScreen().orElseThrow();
        robot.interact(() -> {
            String[][] values = {{"certno", "440106199003151232"}, {"name", "陈新卡"}, {"sex", "1"}, {"ethnicity", "01"},
                {"birth_date", "1990-03-15"}, {"birthplace", "440106"}, {"person_type", "11"},
                {"insurance_type", "310"}, {"insured_region", "440100"}, {"work_status", "1"},
                {"mobile", "13800138000"}, {"address", "广州市天河区体育西路1号"}, {"postal_code", "510620"}};
            for (String[] v : values) {
                office.field(v[0]).setText(v[1]);
            }
            office.settle();
        });
        Thread.sleep(300);
        shoot(robot, ui, file);
        robot.interact(station.sessions::logout);
    }

    /** The supervisor screens over the fixture station (its central service is unreachable: reports are local). */
    private static SupervisorWorkflows supervisor(UiFixture station) {
        Counter counter = new Counter(station.config, station.store, station.link, station.authorizer, station.clock);
        PrintSpooler spooler = new PrintSpooler(new PdfReceiptPrinter(station.config.storeFile().getParent(),
                PdfReceiptRenderer.withSystemFont()), 1);
        return new SupervisorWorkflows(new Reconciliation(station.store, station.link, station.authorizer, counter.records()),
                new Reports(station.store, station.authorizer, counter.records()), counter, spooler,
                new SettledReceipts(station.store, counter.records(), station.config.institutionName(),
                        station.config.deviceNumber()), station.config,
                new RuntimeSettings(station.config, station.store, station.authorizer, station.clock));
    }

    private static void shoot(FxRobot robot, TerminalUi ui, Path file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !ui.tasks().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = ui.scene().snapshot(null));
        int w = (int) image[0].getWidth();
        int h = (int) image[0].getHeight();
        BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image[0].getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(png, "png", file.toFile());
        assertTrue(Files.size(file) > 5000, file + " is not blank");
    }
}
