package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.values.Money;

class StoreComponentsTest {
    static final char[] ADMIN_PW = "Adm1n-Station!".toCharArray();
    @TempDir
    Path dir;
    SoftwareSecurityModule module;
    Fixtures.TestClock clock;
    StationStore store;

    @BeforeEach
    void setUp() {
        module = Fixtures.module();
        clock = new Fixtures.TestClock();
        store = Fixtures.open(dir.resolve("s.db"), module, clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private static String card(int n) {
        return String.format("440106D156000005%016X", n);
    }

    @Test
    void blacklistAppliesDeltasAtomicallyAndByVersion() {
        Blacklist b = store.blacklist();
        assertEquals(0, b.status().version());
        assertFalse(b.status().freshAt(clock.instant(), Duration.ofHours(24)));
        b.replaceAll(10, List.of(new Blacklist.Entry(card(1), "A0000001X", "lost"), new Blacklist.Entry(card(2), "A0000002X", "cancelled")));
        assertTrue(b.find(CardIdentificationCode.ofHex(card(1))).isPresent());
        assertEquals("cancelled", b.findByCardNumber("a0000002x").orElseThrow().reason());

        StoreException gap = assertThrows(StoreException.class,
                () -> b.applyDelta(11, 12, List.of(new Blacklist.Entry(card(3), null, "lost")), List.of()));
        assertTrue(gap.getMessage().contains("download the changes since version 10"), gap.getMessage());
        assertTrue(b.find(CardIdentificationCode.ofHex(card(3))).isEmpty(), "a refused delta changes nothing");

        b.applyDelta(10, 11, List.of(new Blacklist.Entry(card(3), "A0000003X", "blocked")), List.of(card(1)));
        assertEquals(new Blacklist.Status(11, clock.instant(), 2), b.status());
        assertTrue(b.find(CardIdentificationCode.ofHex(card(1))).isEmpty());
        assertTrue(b.find(CardIdentificationCode.ofHex(card(3))).isPresent());
        clock.advance(Duration.ofHours(25));
        assertFalse(b.status().freshAt(clock.instant(), Duration.ofHours(24)));
        b.markSynced();
        assertTrue(b.status().freshAt(clock.instant(), Duration.ofHours(24)));
    }

    @Test
    void catalogMatchesLocalItemsAndSearchesByPinyinInitials() {
        Catalog cat = store.catalog();
        cat.applyNationalUpdate(1, "2025-03-01 00:00:00", List.of(
                new Catalog.NationalItem("XJ01CAA040A001010100001", "阿莫西林胶囊", ItemClass.A, Money.ofFen(2_000L), BigDecimal.ZERO, 60, "2025-02-01"),
                new Catalog.NationalItem("XN02BEB203A001010100001", "布洛芬缓释胶囊", ItemClass.B, null, new BigDecimal("0.10"), null, "2025-02-01")));
        cat.putLocalItem("pharm", new Catalog.LocalItem("L001", "阿莫西林胶囊0.25g*24粒", Money.ofFen(1_850), "XJ01CAA040A001010100001", List.of("6901234567892")));
        cat.putLocalItem("pharm", new Catalog.LocalItem("L002", "板蓝根颗粒", Money.ofFen(1_200), null, List.of("6909999999999")));
        assertEquals("AMXLJN025G24L", PinyinInitials.of("阿莫西林胶囊0.25g*24粒"));
        assertEquals("L001", cat.searchLocal("amxl", 10).get(0).localCode());
        assertEquals("L002", cat.searchLocal("板蓝根", 10).get(0).localCode());
        assertEquals("XN02BEB203A001010100001", cat.searchNational("BLF", 10).get(0).code());
        assertEquals(new BigDecimal("0.10"), cat.national("XN02BEB203A001010100001").orElseThrow().selfpayRatio());
        assertEquals(null, cat.national("XN02BEB203A001010100001").orElseThrow().priceCap());
        assertEquals(ItemClass.A, cat.national("XJ01CAA040A001010100001").orElseThrow().itemClass());
        assertEquals("L001", cat.byBarcode("6901234567892").orElseThrow().localCode());
        assertEquals(List.of("L002"), cat.unmatched().stream().map(Catalog.LocalItem::localCode).toList());
        StoreException missing = assertThrows(StoreException.class, () -> cat.match("pharm", "L002", "NOPE"));
        assertTrue(missing.getMessage().contains("update the catalog"), missing.getMessage());
        cat.applyNationalUpdate(2, "2025-03-02 00:00:00", List.of(
                new Catalog.NationalItem("ZA04BAB0074010100001", "板蓝根颗粒", ItemClass.A, null, BigDecimal.ZERO, null, "2025-03-02")));
        cat.match("pharm", "L002", "ZA04BAB0074010100001");
        assertTrue(cat.unmatched().isEmpty());
        assertEquals(new Catalog.Status(2, "2025-03-02 00:00:00", 3, 2, 0), cat.status());
        assertThrows(StoreException.class, () -> cat.applyNationalUpdate(1, "x", List.of()));

        // Many items at once: all or none.
        Catalog.LocalItem dearer = new Catalog.LocalItem("L001", "阿莫西林胶囊0.25g*24粒", Money.ofFen(1_900), "XJ01CAA040A001010100001",
                List.of("6901234567892"));
        assertThrows(StoreException.class, () -> cat.putLocalItems("ledger", List.of(dearer,
                new Catalog.LocalItem("L003", "新药", Money.ofFen(100), "NOT-KNOWN", List.of()))));
        assertEquals(1_850, cat.local("L001").orElseThrow().price().fen(), "nothing stored when one item fails");
        assertTrue(cat.local("L003").isEmpty());
        cat.putLocalItems("ledger", List.of(dearer, new Catalog.LocalItem("L003", "新药", Money.ofFen(100), null, List.of())));
        assertEquals(1_900, cat.local("L001").orElseThrow().price().fen());
        assertEquals(3, cat.status().localItems());
    }

    @Test
    void theFirstAdministratorMadeAtSetUpMustChangeThePassword() {
        Operators ops = store.operators();
        ops.createFirstAdministrator("admin1", "Admin One", ADMIN_PW);
        assertThrows(StoreException.class, () -> ops.createFirstAdministrator("admin2", "Admin Two",
                "Other-Admin-2".toCharArray()), "only the very first account is made this way");
        Operators.AuthResult first = ops.authenticate("admin1", ADMIN_PW);
        assertEquals(Operators.AuthStatus.MUST_CHANGE_PASSWORD, first.status());
        assertEquals(Role.ADMINISTRATOR, first.role());
        ops.changePassword("admin1", ADMIN_PW, "Own-Admin-Pass9".toCharArray());
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_ENROLMENT, ops.authenticate("admin1", "Own-Admin-Pass9".toCharArray()).status(),
                "then sets up the second factor set-up requires of administrators");
    }

    @Test
    void operatorsHaveComplexExpiringPasswordsAndLockOut() {
        Operators ops = store.operators();
        assertThrows(StoreException.class, () -> ops.create(Operators.SETUP, "cash1", "Cashier", Role.CASHIER, "Cash1er-Pass!".toCharArray()),
                "the first account must be an administrator");
        ops.create(Operators.SETUP, "admin1", "Admin One", Role.ADMINISTRATOR, ADMIN_PW);
        StoreException weak = assertThrows(StoreException.class,
                () -> ops.create("admin1", "cash1", "Cashier", Role.CASHIER, "password".toCharArray()));
        assertTrue(weak.getMessage().contains("three of"), weak.getMessage());
        ops.create("admin1", "cash1", "Cashier", Role.CASHIER, "Initial-Pass1".toCharArray());
        assertThrows(StoreException.class, () -> ops.create("cash1", "cash2", "x", Role.CASHIER, "Initial-Pass1".toCharArray()),
                "a cashier cannot create accounts");

        assertEquals(Operators.AuthStatus.OK, ops.authenticate("admin1", ADMIN_PW).status());
        assertEquals(Operators.AuthStatus.MUST_CHANGE_PASSWORD, ops.authenticate("cash1", "Initial-Pass1".toCharArray()).status());
        ops.changePassword("cash1", "Initial-Pass1".toCharArray(), "Second-Pass2".toCharArray());
        StoreException reused = assertThrows(StoreException.class,
                () -> ops.changePassword("cash1", "Second-Pass2".toCharArray(), "Initial-Pass1".toCharArray()));
        assertTrue(reused.getMessage().contains("used recently"));
        assertEquals(Operators.AuthStatus.OK, ops.authenticate("cash1", "Second-Pass2".toCharArray()).status());

        for (int i = 1; i < Operators.MAX_FAILED_ATTEMPTS; i++) {
            Operators.AuthResult r = ops.authenticate("cash1", "wrong".toCharArray());
            assertEquals(Operators.AuthStatus.WRONG_CREDENTIALS, r.status());
            assertEquals(Operators.MAX_FAILED_ATTEMPTS - i, r.triesLeft());
        }
        Operators.AuthResult locked = ops.authenticate("cash1", "wrong".toCharArray());
        assertEquals(Operators.AuthStatus.LOCKED, locked.status());
        assertTrue(locked.message().contains("locked"));
        assertEquals(Operators.AuthStatus.LOCKED, ops.authenticate("cash1", "Second-Pass2".toCharArray()).status(),
                "even the right password is refused while locked");
        clock.advance(Operators.LOCK_DURATION.plusSeconds(1));
        assertEquals(Operators.AuthStatus.OK, ops.authenticate("cash1", "Second-Pass2".toCharArray()).status());
        clock.advance(Operators.PASSWORD_LIFETIME);
        assertEquals(Operators.AuthStatus.PASSWORD_EXPIRED, ops.authenticate("cash1", "Second-Pass2".toCharArray()).status());
        assertEquals(Operators.AuthStatus.WRONG_CREDENTIALS, ops.authenticate("nobody", "x".toCharArray()).status());
        assertEquals(java.util.List.of("admin1", "cash1"), ops.list().stream().map(Operators.Operator::id).toList());
        assertEquals(Role.CASHIER, ops.list().get(1).role());
        assertTrue(store.audit().verify().intact());
    }

    @Test
    void passwordHashesCarryTheirParameters() {
        String hash = PasswordHasher.FAST_FOR_TESTS.hash("Secret-123".toCharArray());
        assertTrue(hash.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), hash);
        assertTrue(PasswordHasher.verify("Secret-123".toCharArray(), hash));
        assertFalse(PasswordHasher.verify("Secret-124".toCharArray(), hash));
        assertTrue(PasswordHasher.DEFAULT.needsRehash(hash));
    }

    @Test
    void anApprovalIsUsedOnceForExactlyItsActionBySomeoneElseThanTheApprover() {
        Operators ops = store.operators();
        ops.create(Operators.SETUP, "admin1", "Admin One", Role.ADMINISTRATOR, ADMIN_PW);
        ops.create("admin1", "admin2", "Admin Two", Role.ADMINISTRATOR, "Adm1n-Second!".toCharArray());
        long id = ops.requestApproval("admin1", "link.enrol", "dev_no=DEV-1");
        assertThrows(StoreException.class, () -> ops.useApproval("admin1", id, "link.enrol", "dev_no=DEV-1"), "pending");
        ops.decide("admin2", id, true);
        assertThrows(StoreException.class, () -> ops.useApproval("admin1", id, "link.enrol", "dev_no=DEV-2"));
        assertThrows(StoreException.class, () -> ops.useApproval("admin2", id, "link.enrol", "dev_no=DEV-1"));
        ops.useApproval("admin1", id, "link.enrol", "dev_no=DEV-1");
        assertEquals(Operators.ApprovalState.USED, ops.approval(id).state());
        assertTrue(ops.openApprovals("setting.change").isEmpty(), "a used approval is no longer open");
        assertThrows(StoreException.class, () -> ops.useApproval("admin1", id, "link.enrol", "dev_no=DEV-1"), "used up");
    }

    @Test
    void settingsAreTypedAdministratorOnlyAndCoreChangesNeedTwoAdministrators() {
        Operators ops = store.operators();
        ops.create(Operators.SETUP, "admin1", "Admin One", Role.ADMINISTRATOR, ADMIN_PW);
        ops.create("admin1", "admin2", "Admin Two", Role.ADMINISTRATOR, "Adm1n-Second!".toCharArray());
        ops.create("admin1", "cash1", "Cashier", Role.CASHIER, "Initial-Pass1".toCharArray());
        Settings s = store.settings();
        s.setLong("admin1", "offline.max_txn_fen", 20_000);
        s.setDuration("admin1", "offline.blacklist_max_age", Duration.ofHours(24));
        s.setBoolean("admin1", "offline.enabled", true);
        assertEquals(20_000, s.getLong("offline.max_txn_fen", 0));
        assertEquals(Duration.ofHours(24), s.getDuration("offline.blacklist_max_age", Duration.ZERO));
        assertTrue(s.getBoolean("offline.enabled", false));
        assertEquals(7, s.getLong("missing", 7));
        StoreException type = assertThrows(StoreException.class, () -> s.getBoolean("offline.max_txn_fen", false));
        assertTrue(type.getMessage().contains("holds a long"), type.getMessage());
        assertThrows(StoreException.class, () -> s.setLong("cash1", "offline.max_txn_fen", 1), "business operators cannot change configuration");

        StoreException noApproval = assertThrows(StoreException.class, () -> s.setString("admin1", "core.central_url", "https://x"));
        assertTrue(noApproval.getMessage().contains("second administrator"));
        long id = ops.requestApproval("admin1", "setting.change", "core.central_url=https://central.example");
        assertEquals(List.of(id), ops.openApprovals("setting.change").stream().map(Operators.Approval::id).toList());
        assertTrue(ops.openApprovals("link.enrol").stream().noneMatch(a -> a.id() == id));
        assertThrows(StoreException.class, () -> ops.decide("admin1", id, true), "the requester cannot approve");
        assertThrows(StoreException.class, () -> s.setCore("admin1", id, "core.central_url", Settings.Type.STRING, "https://central.example"));
        ops.decide("admin2", id, true);
        assertThrows(StoreException.class, () -> s.setCore("admin1", id, "core.central_url", Settings.Type.STRING, "https://other"),
                "an approval covers only the change it was given for");
        s.setCore("admin1", id, "core.central_url", Settings.Type.STRING, "https://central.example");
        assertEquals("https://central.example", s.getString("core.central_url").orElseThrow());
        assertEquals(Operators.ApprovalState.USED, ops.approval(id).state());
        assertTrue(ops.openApprovals("setting.change").isEmpty(), "a used approval is no longer open");
        assertThrows(StoreException.class, () -> s.setCore("admin1", id, "core.central_url", Settings.Type.STRING, "https://central.example"),
                "an approval is used once");
    }

    @Test
    void personalDataIsSealedWithABlindIndex() throws Exception {
        CardHolders h = store.holders();
        h.put("clerk", new CardHolders.Holder(card(1), "A1234567X", "李四光", "110101199001011234", "1", "19900101"));
        h.put("clerk", new CardHolders.Holder(card(2), "A7654321X", "王五", "110101198502023456", "2", "19850202"));
        assertEquals("李四光", h.byCard("clerk", CardIdentificationCode.ofHex(card(1))).orElseThrow().name());
        List<CardHolders.Holder> found = h.byIdNumber("clerk", "110101198502023456");
        assertEquals(1, found.size());
        assertEquals("王五", found.get(0).name());
        assertFalse(found.get(0).toString().contains("110101198502023456"));
        assertTrue(h.byIdNumber("clerk", "110101198502023457").isEmpty());
        List<CardHolders.Holder> byNumber = h.byCardNumber("clerk", " a7654321x ");
        assertEquals(1, byNumber.size());
        assertEquals(card(2), byNumber.get(0).cardId());
        assertEquals("A7654321X", byNumber.get(0).cardNumber());
        assertTrue(h.byCardNumber("clerk", "A7654321Y").isEmpty());
        h.put("clerk", new CardHolders.Holder(card(2), "A7654321X", "王五", "110101198502023456", "2", "19850203"));
        assertEquals("19850203", h.byCard("clerk", CardIdentificationCode.ofHex(card(2))).orElseThrow().birthDate(),
                "a second put replaces the holder of the same card");
        assertEquals(1, h.byCardNumber("clerk", "A7654321X").size());
        store.close();
        byte[] raw = Files.readAllBytes(dir.resolve("s.db"));
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        for (String clear : List.of("110101199001011234", "A1234567X", "A7654321X", card(1), card(2), card(1).toLowerCase(java.util.Locale.ROOT))) {
            assertFalse(text.contains(clear), clear + " is in the file in clear");
        }
        assertFalse(new String(raw, StandardCharsets.UTF_8).contains("李四光"));
        store = Fixtures.open(dir.resolve("s.db"), module, clock);
        byte[] index1 = store.cipher().index("holder-card", card(1));
        byte[] index2 = store.cipher().index("holder-card", card(2));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE card_holder SET name_sealed ="
                     + " (SELECT name_sealed FROM card_holder WHERE card_index = ?) WHERE card_index = ?")) {
            ps.setBytes(1, index2);
            ps.setBytes(2, index1);
            ps.executeUpdate();
        }
        CardHolders reopened = store.holders();
        StoreException moved = assertThrows(StoreException.class, () -> reopened.byCard("clerk", CardIdentificationCode.ofHex(card(1))));
        assertTrue(moved.getMessage().contains("moved to another row"), moved.getMessage());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE card_holder SET card_number_sealed ="
                     + " (SELECT card_number_sealed FROM card_holder WHERE card_index = ?) WHERE card_index = ?")) {
            ps.setBytes(1, index1);
            ps.setBytes(2, index2);
            ps.executeUpdate();
        }
        StoreException swapped = assertThrows(StoreException.class, () -> reopened.byCardNumber("clerk", "A7654321X"));
        assertTrue(swapped.getMessage().contains("card_holder.card_number"), swapped.getMessage());
    }
}
