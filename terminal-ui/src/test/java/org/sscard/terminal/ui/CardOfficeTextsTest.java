package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.CardState;
import org.sscard.terminal.office.CardOfficeException;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.office.HolderRecord;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.PdfReceiptRenderer;
import org.sscard.terminal.ui.office.PdfSlipPrinter;
import org.sscard.terminal.ui.screens.CardOfficeScreen;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.terminal.ui.text.UserMessage;

/** The card office's computed text keys, its error message, and the handover slip as PDF. */
class CardOfficeTextsTest {
    @Test
    void theFormHasOneFieldPerHolderRecordComponentWithALabelHintAndRuleInBothLanguages() {
        List<String> components = Arrays.stream(HolderRecord.class.getRecordComponents())
                .map(c -> c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT)).toList();
        assertEquals(components, CardOfficeScreen.HOLDER_FIELDS);
        for (Locale locale : new Locale[] {Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH}) {
            Texts texts = new Texts(locale);
            for (String f : CardOfficeScreen.HOLDER_FIELDS) {
                for (String kind : new String[] {"field", "hint", "rule"}) {
                    assertFalse(texts.get("office." + kind + "." + f).startsWith("!"), kind + " " + f + " " + locale);
                }
            }
            for (CardState s : CardState.values()) {
                assertFalse(texts.get("office.cardState." + s.name()).startsWith("!"), s + " " + locale);
            }
        }
        assertEquals("身份证号码", new Texts(Locale.SIMPLIFIED_CHINESE).get("office.field.certno"));
    }

    @Test
    void aCardOfficeFailureSaysWhatTheWorkflowSaid() {
        UserMessage m = new ErrorMessages(new Texts(Locale.ENGLISH)).describe(
                new CardOfficeException(Reason.OFFICE_REFUSED, "C102", "wrong ID number"));
        assertEquals("The card office action was not done.", m.title());
        assertTrue(m.action().contains("wrong ID number"), m.action());
    }

    @Test
    void theHandoverSlipIsAPdfWithTheCardAndTheMaskedIdNumber(@TempDir Path dir) throws Exception {
        Optional<Path> font = PdfReceiptRenderer.findFont();
        if (font.isEmpty() && !"true".equals(System.getenv("CI"))) {
            Assumptions.abort("no CJK font: install fonts-wqy-microhei");
        }
        HandoverSlip slip = new HandoverSlip("issue", "S00000017", "44010600D156000005F0F0F0F000000001", "陈新卡",
                "440***********0123", "2026-11-24", "2036-11-24", "ISSUED", null, "clerk", "2026-11-24 10:00:00");
        new PdfSlipPrinter(dir, () -> new PdfReceiptRenderer(font.orElseThrow()), "广州市第一人民医院").print(slip);
        Path pdf = dir.resolve("handover-S00000017.pdf");
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(pdf))) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("S00000017") && text.contains("陈新卡") && text.contains("440***********0123")
                    && text.contains("领卡人签名"), text);
        }
    }
}
