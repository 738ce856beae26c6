package org.sscard.cardsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code virtual-card --quit-at-end-of-input}: a program driving it through a pipe cannot leave it (and a card in the
 * reader) behind, since its end closes the pipe. No card is inserted here, so no pcscd is needed.
 */
class VirtualCardMainTest {
    @Test
    void endsAtTheEndOfItsInputWhenAskedTo() throws Exception {
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream("list\nremove\n".getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(new VirtualCardMain())
                    .execute("--count", "2", "--quit-at-end-of-input"));
            assertEquals(0, exit.get(30, TimeUnit.SECONDS), "ended with its input");
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("ready: 2 demo cards") && text.contains("card 2") && text.contains("no card is inserted"),
                text);
    }
}
