package org.sscard.terminal.ui.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

@ExtendWith(ApplicationExtension.class)
class MessageLineTest {
    @Test
    void aFailureIsMarkedUntilTheNextMessageReplacesIt(FxRobot robot) {
        robot.interact(() -> {
            StringProperty text = new SimpleStringProperty("");
            MessageLine line = new MessageLine("m", text);
            text.set("结算完成");
            assertFalse(line.showsFailure(), "a result is not a failure");
            line.fail("卡片已锁定");
            assertEquals("卡片已锁定", line.label().getText());
            assertTrue(line.showsFailure());
            line.fail("卡片已锁定");
            assertTrue(line.showsFailure(), "the same failure again stays marked");
            text.set("请插卡");
            assertFalse(line.showsFailure(), "the next message clears the mark");
        });
    }
}
