package org.sscard.terminal.ui.demo;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.terminal.session.SessionManager;
import org.sscard.terminal.ui.TerminalUi;
import org.sscard.terminal.ui.text.Texts;

/**
 * The station's demo options (scripts/demo; never for a real counter): {@code --demo-login=OPERATOR} logs that
 * operator in at start with the password from {@code SSCARD_DEMO_OPERATOR_PASSWORD} through the normal log-in (same
 * checks, same audit record); {@code --demo-cards=MANIFEST --demo-reader=COMMAND} opens the {@link DemoCardPanel}
 * over the simulated reader started as {@code COMMAND --manifest MANIFEST}; {@code --demo-autoplay=N} plays one
 * visit with demo card N ({@link DemoAutoplay}; items {@code --demo-items=CODE,CODE}, default GH001 and XCG01),
 * {@code --demo-screenshot=FILE} saves the settled window, {@code --demo-exit=true} ends the application after the
 * autoplay. From the autoplay's start until its visit settled, {@link #exitStatus()} is
 * {@link #VISIT_NOT_SETTLED}: the application then ends with that status, however it ends, so that scripts/demo
 * and CI see a demo whose visit did not settle.
 */
public final class DemoMode implements AutoCloseable {
    public static final String PASSWORD_ENV = "SSCARD_DEMO_OPERATOR_PASSWORD";
    /** The application's exit status when the autoplay's visit did not settle. */
    public static final int VISIT_NOT_SETTLED = 3;
    /** Two items of scripts/demo-data/local-items.csv: registration and a blood count. */
    static final String DEFAULT_ITEMS = "GH001,XCG01";
    private static final Logger LOG = LoggerFactory.getLogger(DemoMode.class);

    private static volatile int exitStatus;
    private final Map<String, String> options;
    private DemoCardPanel panel;

    private DemoMode(Map<String, String> options) {
        this.options = options;
    }

    /** The demo options among the application's named parameters, if any is given. */
    public static Optional<DemoMode> of(Map<String, String> named) {
        return named.keySet().stream().anyMatch(k -> k.startsWith("demo-"))
                ? Optional.of(new DemoMode(Map.copyOf(named))) : Optional.empty();
    }

    /** Called on the FX thread once the log-in window is shown. */
    public void start(Stage stage, TerminalUi ui, SessionManager sessions, Executor background, Texts texts) {
        String manifest = options.get("demo-cards");
        String command = options.get("demo-reader");
        DemoCards cards = null;
        if (manifest != null && command != null) {
            cards = DemoCards.load(Path.of(manifest));
            panel = new DemoCardPanel(cards, lines -> DemoReader.start(command, Path.of(manifest), lines), texts, stage);
            panel.show(stage.getX() + stage.getWidth() + 8, stage.getY());
        } else if (manifest != null || command != null) {
            throw new IllegalArgumentException("--demo-cards and --demo-reader go together: the manifest and the "
                    + "simulated reader's command");
        }
        String autoplay = options.get("demo-autoplay");
        if (autoplay != null) {
            if (panel == null) {
                throw new IllegalArgumentException("--demo-autoplay needs --demo-cards and --demo-reader");
            }
            String shot = options.get("demo-screenshot");
            boolean exit = Boolean.parseBoolean(options.get("demo-exit"));
            List<String> items = List.of(options.getOrDefault("demo-items", DEFAULT_ITEMS).split(","));
            exitStatus = VISIT_NOT_SETTLED;
            new DemoAutoplay(ui, panel.reader(), cards.card(number(autoplay)), items, shot == null ? null : Path.of(shot),
                    outcome -> {
                        if (outcome.settled()) {
                            exitStatus = 0;
                        }
                        if (exit) {
                            Platform.exit();
                        }
                    }).start();
        }
        String operator = options.get("demo-login");
        if (operator != null) {
            String password = System.getenv(PASSWORD_ENV);
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("--demo-login needs the operator's password in " + PASSWORD_ENV);
            }
            char[] pw = password.toCharArray();
            background.execute(() -> {
                try {
                    SessionManager.LoginResult r = sessions.login(operator, pw);
                    if (!r.loggedIn()) {
                        LOG.warn("demo log-in of {} refused: {}", operator, r.message());
                    } else {
                        LOG.info("demo log-in of {} (demo mode only)", operator);
                    }
                } finally {
                    Arrays.fill(pw, '\0');
                }
            });
        }
    }

    /** 0, or {@link #VISIT_NOT_SETTLED} while an autoplay started in this process has not settled its visit. */
    public static int exitStatus() {
        return exitStatus;
    }

    private static int number(String card) {
        try {
            return Integer.parseInt(card.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--demo-autoplay takes a demo card number, e.g. --demo-autoplay=1, not '"
                    + card + "'");
        }
    }

    @Override
    public void close() {
        if (panel != null) {
            panel.close();
            panel = null;
        }
    }
}
