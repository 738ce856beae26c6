package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.card.NoCardException;
import org.sscard.store.OperatorRefusedException;
import org.sscard.store.Role;
import org.sscard.terminal.card.CardPresentationException;
import org.sscard.terminal.card.CardRetainedException;
import org.sscard.terminal.card.NoCardInSlotException;
import org.sscard.terminal.config.SettingsException;
import org.sscard.terminal.counter.CounterException;
import org.sscard.terminal.counter.Records;
import org.sscard.terminal.offline.DeferredVisitException;
import org.sscard.terminal.offline.OfflineDecision;
import org.sscard.terminal.offline.OfflineRefusal;
import org.sscard.terminal.office.CardOfficeException;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.PrintFailedException;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.session.OperatorChangeRefusedException;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.terminal.ui.text.UserMessage;

/**
 * Every reason a workflow can give, refused through each kind of workflow exception (and a setting refused, a
 * printer failed, a receipt not printed) and shown as the Chinese screen shows it: no English word reaches the operator (ids, codes and state names are allowed), and the English screen
 * gets the English words.
 */
class ReasonWordsTest {
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_\\-]*");
    /** Names a Chinese sentence may carry as they are: a file format, a package, a font format. */
    private static final Set<String> NAMES = Set.of("PDF", "CSV", "Debian", "TrueType", "fonts-wqy-microhei", "FILE");

    private static Problem sample(Reason reason) {
        List<Object> args = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            args.add(i);
        }
        return new Problem(reason, args);
    }

    private static List<String> englishWords(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String w = m.group();
            boolean code = w.chars().anyMatch(Character::isDigit) || w.matches("[A-Z][A-Z_]+") || NAMES.contains(w);
            if (!code) {
                found.add(w);
            }
        }
        return found;
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void aRefusalReachesTheChineseScreenInChinese(Reason reason) {
        ErrorMessages zh = new ErrorMessages(new Texts(Locale.SIMPLIFIED_CHINESE));
        Problem p = sample(reason);
        for (Exception refusal : List.of(new CounterException(p), new CardOfficeException(p),
                new DeferredVisitException(reason, p.args().toArray()), new CardPresentationException(p, null),
                new CardRetainedException(p, true), new SettingsException(p), new PrintFailedException(p, null),
                new AccessDeniedException(p), new OperatorChangeRefusedException(p))) {
            UserMessage m = zh.describe(refusal);
            String shown = m.title() + " " + m.action() + (m.detail() == null ? "" : " " + m.detail());
            assertEquals(List.of(), englishWords(shown), reason + " on the Chinese screen: " + shown);
            assertTrue(shown.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN));
        }
        UserMessage offline = zh.describe(new OfflineDecision(false, OfflineRefusal.QUEUE_TOO_OLD, p));
        assertEquals(List.of(), englishWords(offline.title() + offline.action() + offline.detail()), reason.name());
        String unprinted = new Texts(Locale.SIMPLIFIED_CHINESE).get("reprint.failed", "S1",
                zh.words(new PrintSpooler.Outcome(false, "S1", p).problem()));
        assertEquals(List.of(), englishWords(unprinted), reason + " of a receipt not printed: " + unprinted);
    }

    /**
     * An access refusal keeps its title and says why in Chinese, naming the role and the permission in Chinese; each
     * refusal of the store's operator accounts reaches the Chinese screen in Chinese, raised through the
     * administration or as it is.
     */
    @Test
    void accessAndOperatorRefusalsAreChinese() {
        ErrorMessages zh = new ErrorMessages(new Texts(Locale.SIMPLIFIED_CHINESE));
        UserMessage denied = zh.describe(new AccessDeniedException(Reason.ACCESS_ROLE_MAY_NOT, Role.PHARMACIST,
                Permission.VISIT, List.copyOf(Permission.VISIT.roles())));
        assertEquals("无权进行此操作。", denied.title());
        assertEquals("药师无权办理医院就诊:请由角色允许此操作的操作员(收费员)登录办理。", denied.action());
        assertEquals(null, denied.detail());
        for (Permission permission : Permission.values()) {
            for (Role role : Role.values()) {
                UserMessage m = zh.describe(new AccessDeniedException(Reason.ACCESS_ROLE_MAY_NOT, role, permission,
                        List.copyOf(permission.roles())));
                assertEquals(List.of(), englishWords(m.title() + m.action()), m.action());
            }
        }
        for (OperatorRefusedException.Refusal refusal : OperatorRefusedException.Refusal.values()) {
            OperatorRefusedException e = new OperatorRefusedException("refused", refusal, "op1", Role.CASHIER);
            for (UserMessage m : List.of(zh.describe(e), zh.describe(OperatorChangeRefusedException.of(e)))) {
                String shown = m.title() + " " + m.action() + (m.detail() == null ? "" : " " + m.detail());
                assertEquals(List.of(), englishWords(shown), refusal + " on the Chinese screen: " + shown);
            }
        }
    }

    /** card-lib's and the card slot's "no card" sentences are English: the Chinese screen shows its own words only. */
    @Test
    void noCardReachesTheChineseScreenInChinese() {
        ErrorMessages zh = new ErrorMessages(new Texts(Locale.SIMPLIFIED_CHINESE));
        for (Exception noCard : List.of(new NoCardInSlotException(),
                new NoCardException("There is no card in reader 'ACS 00'. Insert the card with the chip first."))) {
            UserMessage m = zh.describe(noCard);
            String shown = m.title() + " " + m.action() + (m.detail() == null ? "" : " " + m.detail());
            assertEquals(List.of(), englishWords(shown), shown);
        }
    }

    /**
     * What the station does when a step's records are behind, and a deferred visit's stored refusal, reach the Chinese
     * screen in Chinese, with the nested reason put into Chinese too.
     */
    @Test
    void nestedReasonsOfAStepDoneAndAStoredRefusalAreChinese() {
        ErrorMessages zh = new ErrorMessages(new Texts(Locale.SIMPLIFIED_CHINESE));
        Problem advice = Problem.of(Reason.VISIT_SETTLED_RECORDS_BEHIND, "MD1", "S1", Records.IN_RESERVE.advice());
        assertEquals(List.of(), englishWords(zh.words(advice)), zh.words(advice));
        assertTrue(zh.words(advice).contains(zh.words(Problem.of(Reason.RECORDS_IN_RESERVE))), zh.words(advice));
        Problem refused = Problem.of(Reason.DEFERRED_REFUSED_MESSAGE, "2207", "M9", "人员已挂失");
        assertEquals(List.of(), englishWords(zh.words(refused)), zh.words(refused));
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void theEnglishScreenGetsTheEnglishWords(Reason reason) {
        Problem p = sample(reason);
        UserMessage m = new ErrorMessages(new Texts(Locale.ENGLISH)).describe(new CounterException(p));
        assertTrue(m.action().contains(p.english()), m.action());
    }
}
