package org.sscard.terminal.ui.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
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
import org.sscard.terminal.ui.screens.CounterScreen;

/**
 * Demo only ({@code --demo-autoplay}): plays one outpatient visit on the cashier window by itself, through the same
 * controls a cashier uses: adds the items, inserts the demo card into the simulated reader (the window reads it by
 * itself; F2 when it has not started reading),
 * types the card's PIN from the manifest on the PIN dialog's keys, ticks 人证卡相符, settles (F8) and confirms the
 * split. Each step waits for the screen to be ready (checked every 200 ms, at most {@link #STEP_LIMIT} per step);
 * at the end the window is saved as a PNG if asked and one line is printed on standard output.
 */
public final class DemoAutoplay {
    static final Duration STEP_LIMIT = Duration.seconds(90);
    private static final Logger LOG = LoggerFactory.getLogger(DemoAutoplay.class);

    private record Step(String name, BooleanSupplier ready, Runnable action) {
    }

    private final TerminalUi ui;
    private final Scene scene;
    private final DemoReader reader;
    private final DemoCards.Card card;
    private final List<String> items;
    private final Path screenshot;
    private final Runnable whenDone;
    private final Timeline timer;
    private List<Step> steps;
    private int next;
    private double waitedMillis;

    /** @param items the local item codes to add (one of each) */
    public DemoAutoplay(TerminalUi ui, DemoReader reader, DemoCards.Card card, List<String> items, Path screenshot,
                        Runnable whenDone) {
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
        steps = List.of(
                new Step("cashier window open", () -> cashier() != null,
                        () -> items.forEach(code -> cashier().addItem(code))),
                new Step("items added", () -> cashier().model().items().size() == items.size()
                        && !ui.tasks().runningProperty().get(), () -> reader.insert(card.number())),
                new Step("card inserted", () -> pinDialogShown() || !ui.tasks().runningProperty().get(), () -> {
                    if (!pinDialogShown()) {
                        cashier().readCard();
                    }
                }),
                new Step("PIN dialog shown", this::pinDialogShown, this::typePin),
                new Step("holder shown", () -> !cashier().model().holder().nameProperty().get().isEmpty()
                        && !ui.tasks().runningProperty().get(),
                        () -> cashier().model().holder().confirmedProperty().set(true)),
                new Step("holder confirmed", () -> true, () -> cashier().settle()),
                new Step("split shown for confirmation", () -> scene.lookup("#confirm-ok") != null,
                        () -> fire("#confirm-ok")),
                new Step("visit settled", () -> !ui.tasks().runningProperty().get()
                        && !cashier().model().breakdown().setlIdProperty().get().isEmpty(), this::finish));
        timer.play();
    }

    private CounterScreen cashier() {
        return ui.currentScreen().filter(s -> s instanceof CounterScreen && "screen-cashier".equals(s.id()))
                .map(CounterScreen.class::cast).orElse(null);
    }

    /** The window reads a card inserted by itself (unless {@code --card-insert=ignore}); else the step presses F2. */
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
        } catch (RuntimeException e) {
            stop("demo autoplay stopped at '" + step.name() + "': " + e.getMessage());
            return;
        }
        waitedMillis += 200;
        if (waitedMillis > STEP_LIMIT.toMillis()) {
            stop("demo autoplay stopped: '" + step.name() + "' did not happen within " + (int) STEP_LIMIT.toSeconds()
                    + " s; the screen says: " + cashierMessage());
        }
    }

    private String cashierMessage() {
        CounterScreen c = cashier();
        return c == null ? "(cashier window not open)" : c.model().messageProperty().get();
    }

    private void stop(String why) {
        timer.stop();
        LOG.warn(why);
        System.out.println(why);
        whenDone.run();
    }

    private void finish() {
        timer.stop();
        String setlId = cashier().model().breakdown().setlIdProperty().get();
        System.out.println("demo autoplay: visit settled on the cashier window, setl_id " + setlId + " — "
                + cashierMessage());
        if (screenshot != null) {
            try {
                save(scene.snapshot(null), screenshot);
                System.out.println("demo autoplay: window saved to " + screenshot);
            } catch (IOException e) {
                System.out.println("demo autoplay: the window could not be saved to " + screenshot + ": " + e.getMessage());
            }
        }
        whenDone.run();
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
