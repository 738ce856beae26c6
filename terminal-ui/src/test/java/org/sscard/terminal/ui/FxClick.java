package org.sscard.terminal.ui;

import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import org.testfx.api.FxRobot;
import org.testfx.api.FxRobotInterface;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Clicks a node found by a query. TestFX's {@code clickOn(query)} walks the scene and computes bounds on the test
 * thread while the FX thread may be changing the same scene (IndexOutOfBoundsException in Parent.updateCachedBounds
 * on a loaded machine); here the node and its centre are found on the FX thread and only the mouse moves here.
 */
final class FxClick {
    private FxClick() {
    }

    static FxRobotInterface on(FxRobot robot, String query) {
        WaitForAsyncUtils.waitForFxEvents();
        Point2D centre;
        try {
            centre = WaitForAsyncUtils.asyncFx(() -> {
                Node node = robot.lookup(query).match(NodeQueryUtils.isVisible()).query();
                Bounds b = node.localToScreen(node.getBoundsInLocal());
                return new Point2D(b.getCenterX(), b.getCenterY());
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no visible node " + query, e);
        }
        return robot.clickOn(centre);
    }
}
