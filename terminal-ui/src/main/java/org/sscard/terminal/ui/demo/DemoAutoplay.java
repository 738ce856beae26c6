package org.sscard.terminal.ui.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.terminal.ui.TerminalUi;
import org.sscard.terminal.ui.reader.ReaderStatus;
import org.sscard.terminal.ui.screens.CounterScreen;

/**
 * Demo only ({@code --demo-autoplay}): plays one outpatient visit on the cashier window by itself, through the same
 * controls a cashier uses: adds the items, inserts the demo card into the simulated reader, waits until the simulated
 * reader says the reader took it and the station's status bar shows the card (the window then reads it by itself, or
 * the step presses F2), types the card's PIN from the manifest on the PIN dialog's keys, ticks 人证卡相符, settles
 * (F8) and confirms the split. Each step waits for the screen to be ready (checked every 200 ms, at most
 * {@link #STEP_LIMIT} per step) and stops the autoplay at once when the window's job ended without it (a refusal, a
 * failed card read). At the end the window is saved as a PNG if asked, one line is printed on standard output, and
 * the {@link Outcome} is handed over.
 */
public final class DemoAutoplay {
    static final Duration STEP_LIMIT = Duration.seconds(90);
    private static final Logger LOG = LoggerFactory.getLogger(DemoAutoplay.class);

    /** How the visit ended: settled (with the screenshot saved if one was asked), or not, and the line printed. */
    public record Outcome(boolean settled, String line) {
    }

    /** @param cannotHappen the step can no longer happen (checked only while it is not ready) */
    private record Step(String name, BooleanSupplier ready, BooleanSupplier cannotHappen, Runnable action) {
    }

    private final TerminalUi ui;
    private final Scene scene;
    private final DemoReader reader;
    private final DemoCards.Card card;
    private final List<String> items;
    private final Path screenshot;
    private final Consumer<Outcome> whenDone;
    private final Timeline timer;
    private List<Step> steps;
    private int next;
    private double waitedMillis;

    /** @param items the local item codes to add (one of each) */
    public DemoAutoplay(TerminalUi ui, DemoReader reader, DemoCards.Card card, List<String> items, Path screenshot,
                        Consumer<Outcome> whenDone) {
        this.ui = ui;
        this.scene = ui.scene();
        this.reader = reader;
        this.card = card;
        this.items = List.copyOf(items);
        this.screenshot = screenshot;
        this.whenDone = whenDone;
        this.timer = new Timeline(new KeyFrame(Duration.millis(200), e -> tick()));
        timer.setCycleCount(Timeline.INDEFINITE);
    }

    public void start() {
        BooleanSupplier never = () -> false;
        steps = List.of(
                new Step("cashier window open", () -> cashier() != null, never,
                        () -> items.forEach(code -> cashier().addItem(code))),
                new Step("items added", () -> cashier().model().items().size() == items.size() && !busy(), never,
                        this::insertCard),
                new Step("card " + card.number() + " in the reader", this::cardInReader,
                        () -> !reader.alive() || reader.refusal().isPresent(), this::readUnlessReading),
                new Step("PIN dialog shown", this::pinDialogShown, () -> !busy(), this::typePin),
                new Step("holder shown", () -> !cashier().model().holder().nameProperty().get().isEmpty() && !busy(),
                        () -> !busy(), () -> cashier().model().holder().confirmedProperty().set(true)),
                new Step("holder confirmed", () -> true, never, () -> cashier().settle()),
                new Step("split shown for confirmation", () -> scene.lookup("#confirm-ok") != null, () -> !busy(),
                        () -> fire("#confirm-ok")),
                new Step("visit settled", () -> !busy() && !cashier().model().breakdown().setlIdProperty().get().isEmpty(),
                        () -> !busy(), this::finish));
        timer.play();
    }

    private boolean busy() {
        return ui.tasks().runningProperty().get();
    }

    private ReaderStatus.State readerState() {
        return ui.status().readerProperty().get().state();
    }

    /**
     * A card already in the reader is not the demo's (a virtual card left running by an earlier run, say): reading
     * it would settle on a card the demo does not know, so the autoplay stops instead.
     */
    private void insertCard() {
        if (readerState() == ReaderStatus.State.CARD_PRESENT) {
            throw new IllegalStateException("a card is already in the reader ("
                    + ui.status().readerTextProperty().get() + ") before the demo inserted card " + card.number()
                    + "; is a virtual card of an earlier run still running?");
        }
        reader.insert(card.number());
    }

    /** The simulated reader says the reader took the card, and the station's reader watcher has seen it. */
    private boolean cardInReader() {
        return reader.holds(card.number()) && readerState() == ReaderStatus.State.CARD_PRESENT;
    }

    /** The window reads a card inserted by itself (unless {@code --card-insert=ignore}); else F2. */
    private void readUnlessReading() {
        if (!pinDialogShown() && !busy()) {
            cashier().readCard();
        }
    }

    private CounterScreen cashier() {
        return ui.currentScreen().filter(s -> s instanceof CounterScreen && "screen-cashier".equals(s.id()))
                .map(CounterScreen.class::cast).orElse(null);
    }

    private boolean pinDialogShown() {
        return scene.lookup("#pin-dialog") != null;
    }

    private void typePin() {
        for (char d : card.pin().toCharArray()) {
            fire("#pin-key-" + d);
        }
        fire("#pin-ok");
    }

    private void fire(String id) {
        Node n = scene.lookup(id);
        if (!(n instanceof Button b)) {
            throw new IllegalStateException("the control " + id + " is not on the screen");
        }
        b.fire();
    }

    private void tick() {
        if (next >= steps.size()) {
            timer.stop();
            return;
        }
        Step step = steps.get(next);
        try {
            if (step.ready().getAsBoolean()) {
                LOG.info("demo autoplay: {}", step.name());
                next++;
                waitedMillis = 0;
                step.action().run();
                return;
            }
            if (step.cannotHappen().getAsBoolean()) {
                stop("demo autoplay stopped: '" + step.name() + "' cannot happen any more; " + situation());
                return;
            }
        } catch (RuntimeException e) {
            stop("demo autoplay stopped at '" + step.name() + "': " + e.getMessage());
            return;
        }
        waitedMillis += 200;
        if (waitedMillis > STEP_LIMIT.toMillis()) {
            stop("demo autoplay stopped: '" + step.name() + "' did not happen within " + (int) STEP_LIMIT.toSeconds()
                    + " s; " + situation());
        }
    }

    /** What the screen, the status bar and the simulated reader say. */
    private String situation() {
        CounterScreen c = cashier();
        return "the screen says: " + (c == null ? "(cashier window not open)" : c.model().messageProperty().get())
                + "; the status bar: " + ui.status().readerTextProperty().get() + "; the simulated reader"
                + (reader.alive() ? "" : " (ended)") + ": " + reader.refusal().orElse(reader.lastLine());
    }

    private void stop(String why) {
        timer.stop();
        LOG.warn(why);
        System.out.println(why);
        whenDone.accept(new Outcome(false, why));
    }

    private void finish() {
        timer.stop();
        String setlId = cashier().model().breakdown().setlIdProperty().get();
        String settled = "demo autoplay: visit settled on the cashier window, setl_id " + setlId + " — "
                + cashier().model().messageProperty().get();
        System.out.println(settled);
        if (screenshot != null) {
            try {
                save(scene.snapshot(null), screenshot);
                System.out.println("demo autoplay: window saved to " + screenshot);
            } catch (IOException e) {
                String why = "demo autoplay: the window could not be saved to " + screenshot + ": " + e.getMessage();
                System.out.println(why);
                whenDone.accept(new Outcome(false, why));
                return;
            }
        }
        whenDone.accept(new Outcome(true, settled));
    }

    private static void save(WritableImage image, Path file) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(png, "png", file.toFile());
    }
}
