package org.sscard.terminal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The station's own logback.xml (not the tests' one): rolling files in the log folder, masked, kept long enough. */
class StationLogTest {
    private static final String ID_NUMBER = "44010619800101123X";
    private static final String CARD_NUMBER = "A12345678";
    private static final String CARD_ID = "0123456789ABCDEF0123456789ABCDEF";

    @TempDir
    Path dir;

    private LoggerContext configure(String name) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("sscard.log.dir", dir.toString());
        context.putProperty("sscard.log.name", name);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = RedactedMessage.class.getResource("/logback.xml");
        configurator.doConfigure(config);
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            assertTrue(s.getLevel() < Status.ERROR, "logback.xml: " + s);
        }
        return context;
    }

    @Test
    void messagesAndStackTracesReachTheFileMasked() throws Exception {
        LoggerContext context = configure("station");
        Logger log = context.getLogger("org.sscard.terminal.Example");
        log.info("answer for {} with card {} ({})", ID_NUMBER, CARD_NUMBER, CARD_ID);
        log.warn("send failed", new IllegalStateException("refused for certno " + ID_NUMBER,
                new RuntimeException("card " + CARD_NUMBER)));
        context.stop();

        String text = Files.readString(dir.resolve("station.log"), StandardCharsets.UTF_8);
        assertTrue(text.contains("answer for [ID number] with card [card number] ([card id])"), text);
        assertTrue(text.contains("IllegalStateException: refused for certno [ID number]"), text);
        assertTrue(text.contains("Caused by: java.lang.RuntimeException: card [card number]"), text);
        for (String personal : new String[] {ID_NUMBER, CARD_NUMBER, CARD_ID}) {
            assertFalse(text.contains(personal), personal + " in the log file:\n" + text);
        }
    }

    @Test
    void filesRollDailyAndBySizeAreKeptAtLeast180DaysUnderACap() throws Exception {
        LoggerContext context = configure("terminal");
        RollingFileAppender<?> file = (RollingFileAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FILE");
        assertEquals(dir.resolve("terminal.log").toString(), file.getFile());
        SizeAndTimeBasedRollingPolicy<?> policy = (SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();
        assertTrue(policy.getMaxHistory() >= 180, "kept " + policy.getMaxHistory() + " days");
        assertTrue(policy.getFileNamePattern().contains("%d{yyyy-MM-dd}"), policy.getFileNamePattern());
        assertTrue(policy.getFileNamePattern().endsWith(".gz"), policy.getFileNamePattern());
        context.stop();
    }
}
