package org.sscard.terminal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.store.BackupException;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

class BackupProblemsTest {
    @ParameterizedTest
    @EnumSource(BackupException.Failure.class)
    void everyFailureOfABackupIsAReasonWordedInChinese(BackupException.Failure failure) {
        Problem p = BackupProblems.of(new BackupException(failure, "in English", "a.ssbak", "backups", "detail"));
        String zh = p.in(Locale.SIMPLIFIED_CHINESE);
        assertTrue(zh.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), zh);
        assertFalse(zh.contains("in English"), zh);
    }

    @Test
    void aFullDiskNamesTheFolderAndLeavesTheSystemsWordsToTheEnglishMessage() {
        BackupException full = new BackupException(BackupException.Failure.DISK_FULL, "the backup could not be written",
                new java.io.IOException("No space left on device"), "S1-20261207-010000.ssbak", "/srv/backups",
                "No space left on device");
        Problem p = BackupProblems.of(full);
        assertEquals(Reason.BACKUP_DISK_FULL, p.reason());
        assertEquals(List.of("S1-20261207-010000.ssbak", "/srv/backups", "No space left on device"), p.args());
        String zh = p.in(Locale.SIMPLIFIED_CHINESE);
        assertTrue(zh.contains("/srv/backups") && zh.contains("磁盘已满"), zh);
        assertFalse(zh.contains("No space"), zh);
        assertTrue(p.english().contains("No space left on device"), p.english());
    }
}
