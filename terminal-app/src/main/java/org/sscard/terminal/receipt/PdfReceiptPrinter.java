package org.sscard.terminal.receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/** "Prints" receipts as PDF files {@code <setl_id>.pdf} in a folder (for a normal printer or an archive). */
public final class PdfReceiptPrinter implements ReceiptPrinter {
    private final Path folder;
    private final PdfReceiptRenderer renderer;

    public PdfReceiptPrinter(Path folder, PdfReceiptRenderer renderer) {
        this.folder = folder;
        this.renderer = renderer;
    }

    @Override
    public void print(Receipt receipt) throws PrintFailedException {
        byte[] pdf = renderer.render(receipt);
        String file = receipt.setlId().replaceAll("[^A-Za-z0-9_-]", "_") + (receipt.cancellation() ? "-cancel" : "") + ".pdf";
        Path target = folder.resolve(file);
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, file, ".part");
            Files.write(tmp, pdf);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PrintFailedException(Problem.of(Reason.PDF_RECEIPT_NOT_WRITTEN, folder), e);
        }
    }

    @Override
    public String name() {
        return folder.toString();
    }
}
