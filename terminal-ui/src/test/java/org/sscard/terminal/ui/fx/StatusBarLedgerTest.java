package org.sscard.terminal.ui.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sscard.terminal.ledger.LedgerBackground;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.ui.text.Texts;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/** Why the hospital ledger's last pass failed is the ledger label's tooltip, in the UI's language, until a pass succeeds. */
@ExtendWith(ApplicationExtension.class)
class StatusBarLedgerTest {
    private static final Instant AT = Instant.parse("2026-03-02T08:00:00Z");
    private static final Problem DOWN = Problem.of(Reason.LEDGER_UNREACHABLE, "Connection refused");

    private static Label ledgerLabel(StatusBar bar) {
        return (Label) bar.getChildren().stream().filter(n -> "status-ledger".equals(n.getId())).findFirst().orElseThrow();
    }

    private static void failedThenSynced(FxRobot robot, Locale locale, String expected) {
        try (TaskRunner tasks = new TaskRunner()) {
            robot.interact(() -> {
                Texts texts = new Texts(locale);
                StatusBarModel model = new StatusBarModel(texts, Clock.fixed(AT, ZoneOffset.UTC));
                Label ledger = ledgerLabel(new StatusBar(model, tasks, texts));
                model.onLedger(new LedgerBackground.Status(LedgerBackground.State.FAILED, AT, 7, 0, 0, DOWN));
                assertEquals(expected, model.ledgerProblem());
                assertEquals(expected, ledger.getTooltip().getText());
                assertTrue(ledger.getStyleClass().contains("state-bad"));
                model.onLedger(new LedgerBackground.Status(LedgerBackground.State.SYNCED, AT, 8, 1, 0, null));
                assertNull(model.ledgerProblem());
                assertNull(ledger.getTooltip(), "a pass that succeeded leaves no problem behind");
            });
        }
    }

    @Test
    void theChineseBarWordsTheProblemInChinese(FxRobot robot) {
        failedThenSynced(robot, Locale.SIMPLIFIED_CHINESE, "无法连接医院账本,本次操作未完成;本站自身账目不受影响。请检查网络后重试。");
    }

    @Test
    void theEnglishBarWordsItInEnglishWithTheDatabasesOwnWords(FxRobot robot) {
        failedThenSynced(robot, Locale.ENGLISH, "The hospital ledger is not reachable (Connection refused): this was not done;"
                + " the station's own books are untouched. Check the network, then try again.");
    }
}
