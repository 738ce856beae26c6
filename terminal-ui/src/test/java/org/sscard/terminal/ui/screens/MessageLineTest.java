package org.sscard.terminal.ui.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

@ExtendWith(ApplicationExtension.class)
class MessageLineTest {
    @Test
    void aFailureIsMarkedUntilTheNextMessageReplacesIt(FxRobot robot) {
        robot.interact(() -> {
            StatusText status = new StatusText();
            MessageLine line = new MessageLine("m", status);
            status.textProperty().set("结算完成");
            assertFalse(line.showsFailure(), "a result is not a failure");
            status.fail("卡片已锁定");
            assertEquals("卡片已锁定", line.label().getText());
            assertTrue(line.showsFailure());
            status.fail("卡片已锁定");
            assertTrue(line.showsFailure(), "the same failure again stays marked");
            status.textProperty().set("请插卡");
            assertFalse(line.showsFailure(), "the next message clears the mark");
            status.fail("");
            status.clear();
            assertFalse(line.showsFailure(), "clearing an empty failure clears the mark too");
        });
    }
}
