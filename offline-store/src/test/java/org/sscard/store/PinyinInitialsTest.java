package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PinyinInitialsTest {
    @Test
    void initialsOfCommonDrugNames() {
        assertEquals("AMXL", PinyinInitials.of("阿莫西林"));
        assertEquals("BLFHSJN", PinyinInitials.of("布洛芬缓释胶囊"));
        assertEquals("GMS", PinyinInitials.of("葛莫斯"));
        assertEquals("ZZ", PinyinInitials.of("做座"), "the last initial reaches the end of level 1");
        assertEquals("VC", PinyinInitials.of("vc"));
    }

    @Test
    void symbolsAndCharactersOutsideLevelOneAreSkipped() {
        assertEquals("A", PinyinInitials.of("阿（）·—"));
        assertEquals("", PinyinInitials.of("丂"), "a GBK character outside GB 2312 level 1 has no initial");
    }

    @Test
    void initialsQueriesAreLettersAndDigits() {
        assertTrue(PinyinInitials.isInitialsQuery("AMXL"));
        assertFalse(PinyinInitials.isInitialsQuery("阿莫"));
        assertFalse(PinyinInitials.isInitialsQuery(""));
    }
}
