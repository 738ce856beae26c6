package org.sscard.terminal.receipt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sscard.terminal.counter.ReceiptText;
import org.sscard.values.Money;

class ReceiptTest {
    @Test
    void theReceiptCarriesTheSettlementSplit() {
        Receipt r = ReceiptSamples.receipt();
        Receipt.Amounts a = r.amounts();
        assertEquals(Money.ofFen(123456), a.medfeeSumamt());
        assertEquals(Money.ofFen(80000), a.fundPaySumamt());
        assertEquals(Money.ofFen(30000), a.acctPay());
        assertEquals(Money.ofFen(13456), a.psnCashPay());
        assertEquals(Money.ofFen(170000), a.balance());
        assertEquals(ReceiptSamples.SETL_ID, r.setlId());
        assertEquals("职工基本医疗保险", r.insuranceLabel());
        assertEquals("310", r.insutype());
        assertEquals("VISIT", r.kind());
        assertEquals(List.of(new Receipt.Fund("职工基本医疗保险统筹基金", Money.ofFen(80000))), r.funds());
        assertThrows(IllegalArgumentException.class, () -> new Receipt.Amounts(Money.ofFen(100), Money.ZERO, Money.ZERO,
                Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Map.of(), Money.ofFen(50), Money.ofFen(50),
                Money.ofFen(30), Money.ofFen(19), Money.ZERO), "parts that do not add up are refused");
        assertFalse(r.toString().contains("张三"), "the patient's name is printed, not logged: " + r);
    }

    @Test
    void aDeferredVisitReceiptIsMarkedAndSaysTheFundShareIsSettledLater() {
        Receipt deferred = offlineReceipt("DF202611241257140001", true);
        assertTrue(deferred.deferred());
        List<String> rows = ReceiptLayout.rows(deferred).stream().map(Object::toString).toList();
        assertTrue(rows.stream().anyMatch(r -> r.contains("【脱机挂账，医保基金部分待结算】")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.contains("挂账编号") && r.contains("DF202611241257140001")));
        assertTrue(rows.stream().anyMatch(r -> r.contains("医保基金部分待联网后结算并退还")));
        assertFalse(rows.stream().anyMatch(r -> r.contains("待上传")));
        Receipt offlineDebit = ReceiptSamples.receipt().asOffline();
        assertFalse(offlineDebit.deferred(), "an offline debit is not a deferred visit");
        List<String> debitRows = ReceiptLayout.rows(offlineDebit).stream().map(Object::toString).toList();
        assertTrue(debitRows.stream().anyMatch(r -> r.contains("【脱机交易，待上传】")));
        assertFalse(debitRows.stream().anyMatch(r -> r.contains("挂账")));
        assertFalse(offlineReceipt("DF1", false).deferred(), "only an offline receipt can be deferred");
    }

    private static Receipt offlineReceipt(String ref, boolean offline) {
        return new Receipt(new Receipt.Header("医院", "DEV-0001", "王收费", "张三"), null, null, "医保基金待结算", null, ref,
                null, "联网后分配", null, "2026-11-24 12:57:14", List.of(Receipt.Line.printed("挂号费", 1, Money.ofFen(1200))),
                Receipt.Amounts.paid(Money.ZERO, Money.ofFen(1200), Money.ZERO), List.of(), false, offline);
    }

    @Test
    void escPosStreamInitialisesPrintsGbkTextTheQrCodeAndCuts() {
        byte[] bytes = EscPosRenderer.narrow().render(ReceiptSamples.receipt());
        assertArrayEquals(new byte[] {0x1B, 0x40, 0x1C, 0x26}, Arrays.copyOf(bytes, 4), "ESC @ then FS &");
        assertArrayEquals(new byte[] {0x1B, 'd', 4, 0x1D, 0x56, 66, 0}, Arrays.copyOfRange(bytes, bytes.length - 7, bytes.length),
                "feed and cut at the end");
        assertTrue(indexOf(bytes, "医保结算单".getBytes(EscPosRenderer.GBK)) > 0, "title in GBK");
        assertTrue(indexOf(bytes, "现金支付".getBytes(EscPosRenderer.GBK)) > 0);
        assertEquals(-1, indexOf(bytes, "现金支付".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "no UTF-8 text");
        byte[] expectedLine = pad32("现金支付", "134.56");
        assertTrue(indexOf(bytes, expectedLine) > 0, "label and amount fill 32 columns (a Chinese character is 2)");
        byte[] id = ReceiptSamples.SETL_ID.getBytes(EscPosRenderer.GBK);
        byte[] store = concat(new byte[] {0x1D, '(', 'k', (byte) (id.length + 3), 0, 49, 80, 48}, id);
        assertTrue(indexOf(bytes, store) > 0, "GS ( k stores the settlement id");
        assertTrue(indexOf(bytes, new byte[] {0x1D, '(', 'k', 3, 0, 49, 81, 48}) > indexOf(bytes, store), "then prints it");
    }

    @Test
    void rasterQrModeDrawsACodeThatDecodesToTheSettlementId() throws Exception {
        byte[] bytes = new EscPosRenderer(48, EscPosRenderer.QrMode.RASTER, 4).render(ReceiptSamples.receipt());
        int at = indexOf(bytes, new byte[] {0x1D, 'v', '0', 0});
        assertTrue(at > 0, "GS v 0 raster image");
        assertEquals(-1, indexOf(bytes, new byte[] {0x1D, '(', 'k'}), "no native QR command");
        int bytesPerRow = (bytes[at + 4] & 0xFF) | (bytes[at + 5] & 0xFF) << 8;
        int rows = (bytes[at + 6] & 0xFF) | (bytes[at + 7] & 0xFF) << 8;
        int width = bytesPerRow * 8;
        int[] pixels = new int[width * rows];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < width; x++) {
                boolean black = (bytes[at + 8 + y * bytesPerRow + x / 8] & (0x80 >>> (x % 8))) != 0;
                pixels[y * width + x] = black ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        assertEquals(ReceiptSamples.SETL_ID, decodeQr(new RGBLuminanceSource(width, rows, pixels)));
    }

    @Test
    void aPrinterFailureNeverBlocksAndTheReceiptWaitsForAReprint() {
        List<byte[]> paper = new ArrayList<>();
        boolean[] jammed = {true};
        int[] tries = {0};
        EscPosPrinter printer = new EscPosPrinter("test", () -> {
            tries[0]++;
            if (jammed[0]) {
                throw new IOException("No such device");
            }
            return new ByteArrayOutputStream() {
                @Override
                public void close() {
                    paper.add(toByteArray());
                }
            };
        }, EscPosRenderer.narrow());
        PrintSpooler spooler = new PrintSpooler(printer, 2);
        List<String> changes = new ArrayList<>();
        spooler.onQueueChange(new PrintSpooler.QueueListener() {
            @Override
            public void queued(String key) {
                changes.add("+" + key);
            }

            @Override
            public void removed(String key) {
                changes.add("-" + key);
            }
        });
        Receipt r = ReceiptSamples.receipt();

        PrintSpooler.Outcome failed = spooler.submit(r);
        assertFalse(failed.printed());
        assertEquals(2, tries[0], "retried once");
        assertTrue(failed.message().contains("paper") && failed.message().contains("reprint queue"), failed.message());
        assertEquals(List.of(r), spooler.unprinted());
        assertFalse(spooler.reprintAll().get(0).printed(), "still jammed");

        jammed[0] = false;
        assertTrue(spooler.reprint(ReceiptSamples.SETL_ID).printed());
        assertEquals(1, paper.size());
        assertTrue(spooler.unprinted().isEmpty());
        assertFalse(spooler.reprint(ReceiptSamples.SETL_ID).printed(), "nothing left to reprint");

        jammed[0] = true;
        spooler.submit(r);
        assertTrue(spooler.skip(PrintSpooler.key(r)), "the operator may skip it");
        assertTrue(spooler.unprinted().isEmpty());
        assertFalse(spooler.skip(PrintSpooler.key(r)), "no longer waiting");
        String key = ReceiptSamples.SETL_ID;
        assertEquals(List.of("+" + key, "-" + key, "+" + key, "-" + key), changes,
                "told of each receipt starting and stopping to wait, once: not of a failed reprint of a waiting one");

        spooler.hold(r);
        spooler.hold(r);
        assertEquals(List.of(r), spooler.unprinted(), "held without trying the printer");
        assertEquals("+" + key, changes.get(changes.size() - 1));
        assertEquals(5, changes.size(), "held once");
        spooler.onQueueChange(new PrintSpooler.QueueListener() {
            @Override
            public void queued(String k) {
                throw new IllegalStateException("store closed");
            }

            @Override
            public void removed(String k) {
                throw new IllegalStateException("store closed");
            }
        });
        jammed[0] = false;
        assertTrue(spooler.reprint(ReceiptSamples.SETL_ID).printed(), "a failing listener never blocks printing");
    }

    static String decodeQr(LuminanceSource source) throws Exception {
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
    }

    private static byte[] pad32(String label, String value) {
        byte[] l = label.getBytes(EscPosRenderer.GBK);
        byte[] v = value.getBytes(EscPosRenderer.GBK);
        byte[] line = new byte[32];
        Arrays.fill(line, (byte) ' ');
        System.arraycopy(l, 0, line, 0, l.length);
        System.arraycopy(v, 0, line, 32 - v.length, v.length);
        return line;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void codesArePrintedWithTheirNamesAndAnUnknownCodeRaw() {
        Receipt r = ReceiptSamples.receipt();
        assertEquals("职工基本医疗保险", r.insuranceLabel());
        assertTrue(ReceiptText.format(r).contains("职工基本医疗保险 (310) / 普通门诊 (11)"), ReceiptText.format(r));
        Receipt local = new Receipt(r.header(), r.cardNumber(), "39999", "39999", "140104", r.setlId(), r.origSetlId(),
                r.mdtrtId(), r.msgid(), r.setlTime(), r.lines(), r.amounts(), r.funds(), r.cardUpdated(), r.offline());
        assertTrue(ReceiptText.format(local).contains("39999 / 140104"), ReceiptText.format(local));
    }
}
