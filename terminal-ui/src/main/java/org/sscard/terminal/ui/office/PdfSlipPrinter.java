package org.sscard.terminal.ui.office;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.PdfReceiptRenderer;
import org.sscard.terminal.receipt.PrintFailedException;

/** Handover slips as PDF files {@code handover-<card no>.pdf} in a folder (written atomically), as PDF receipts. */
public final class PdfSlipPrinter implements SlipPrinter {
    private final Path folder;
    private final Supplier<PdfReceiptRenderer> renderer;
    private final String institutionName;

    /** {@code renderer} is asked for at each print, so a missing font only fails the print (with what to install). */
    public PdfSlipPrinter(Path folder, Supplier<PdfReceiptRenderer> renderer, String institutionName) {
        this.folder = folder;
        this.renderer = renderer;
        this.institutionName = institutionName;
    }

    @Override
    public void print(HandoverSlip slip) throws PrintFailedException {
        byte[] pdf = renderer.get().render(HandoverSlipLayout.rows(institutionName, slip));
        String file = "handover-" + slip.cardNo().replaceAll("[^A-Za-z0-9_-]", "_") + ".pdf";
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, file, ".part");
            Files.write(tmp, pdf);
            Files.move(tmp, folder.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PrintFailedException(Problem.of(Reason.HANDOVER_SLIP_NOT_WRITTEN, folder), e);
        }
    }

    @Override
    public String name() {
        return folder.toString();
    }
}
