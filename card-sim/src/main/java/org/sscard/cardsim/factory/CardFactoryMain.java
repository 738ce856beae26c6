package org.sscard.cardsim.factory;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code card-factory --out DIR [--seed S] [--count N]}: issues the demo cards and writes their manifest. */
@Command(name = "card-factory", mixinStandardHelpOptions = true,
        description = "Issues the demo cards (through card-lib's personalisation, national test keys) and writes "
                + "demo-cards.json into DIR. The same seed and count always give the same cards.")
public final class CardFactoryMain implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for demo-cards.json")
    private Path out;

    @Option(names = "--seed", paramLabel = "S", description = "seed text (default: ${DEFAULT-VALUE})")
    private String seed = DemoCardGenerator.DEFAULT_SEED;

    @Option(names = "--count", paramLabel = "N", description = "number of demo cards, 1-999 (default: ${DEFAULT-VALUE})")
    private int count = DemoCardGenerator.DEFAULT_COUNT;

    public static void main(String[] args) {
        System.setProperty("logback.configurationFile", "sscard-tools-logback.xml");
        System.exit(new CommandLine(new CardFactoryMain()).execute(args));
    }

    @Override
    public Integer call() {
        DemoCardSet set;
        try {
            set = DemoCardGenerator.generate(seed, count);
        } catch (IllegalArgumentException e) {
            System.err.println("card-factory: " + e.getMessage());
            return 2;
        }
        CardFactory factory = new CardFactory();
        for (DemoCard card : set.cards()) {
            factory.issue(card);
            System.out.printf("card %d  %s  %-4s  %-9s  %s%n", card.number(), card.cardNumber().value(),
                    card.algorithm().displayName(), card.status(), card.holder().name());
        }
        Path written = Manifest.write(set, out);
        System.out.println("issued " + set.cards().size() + " demo cards and listed " + set.blankCards().size()
                + " blank cards in " + written);
        return 0;
    }
}
