package org.sscard.cardsim.factory;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.Regions;
import org.sscard.crypto.Sm3;
import org.sscard.values.CardNumber;

/**
 * Makes the demo cards' data from a seed: the same seed and count always give the same cards. Holders are
 * synthetic (no real person) but shaped like real ones. Card 1 is an active SM4 employee card with PIN
 * 123456; the algorithms alternate SM4, 3DES; cards 3 and 6 (when present) carry names long enough for
 * the name extension (EF06 tag 4E); for 4 cards or more the second to last is LOST and the last CANCELLED.
 */
public final class DemoCardGenerator {
    public static final String DEFAULT_SEED = "sscard demo cards v1";
    public static final int DEFAULT_COUNT = 8;
    public static final int BLANK_CARDS = 2;
    public static final String FIRST_CARD_PIN = "123456";

    /** District codes with their place names (for the docs; the code is what the card holds). */
    static final String[][] DISTRICTS = {
        {"440106", "广州市天河区"}, {"440104", "广州市越秀区"}, {"310104", "上海市徐汇区"}, {"310115", "上海市浦东新区"},
        {"110105", "北京市朝阳区"}, {"110108", "北京市海淀区"}, {"330106", "杭州市西湖区"}, {"510107", "成都市武侯区"},
    };
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
        "马", "朱", "胡", "郭", "何", "林", "罗", "梁", "欧阳", "司马", "诸葛"};
    private static final String[] MALE_GIVEN = {"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "建国",
        "志强", "海峰", "俊杰", "文博", "浩然", "子轩", "立新"};
    private static final String[] FEMALE_GIVEN = {"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂英",
        "玉兰", "晓燕", "雨婷", "欣怡", "梓涵", "佳怡", "淑华", "慧敏"};
    /**
     * Uyghur-style names written with the middle dot (GBK A1A4), 32 to 38 GBK bytes: they fill tag 09 and
     * continue in tag 4E. Ethnicity 05 (Uyghur, GB 3304).
     */
    private static final String[][] LONG_NAMES = {
        {"买买提依明·阿不都热合曼·艾合买提", "1"},
        {"古丽米热·阿不都克热木·买买提吐尔逊", "2"},
        {"艾尔肯·阿不都瓦依提·吐尔洪买买提", "1"},
    };
    private static final String[] DEMO_PINS = {"123456", "888888", "246810", "135790"};
    private static final LocalDate TODAY_FOR_DEMO = LocalDate.of(2025, 1, 1);

    private DemoCardGenerator() {
    }

    /** The demo cards and blank cards of a seed. */
    public static DemoCardSet generate(String seed, int count) {
        if (seed == null || seed.isEmpty()) {
            throw new IllegalArgumentException("the seed must not be empty");
        }
        if (count < 1 || count > 999) {
            throw new IllegalArgumentException("the number of demo cards is 1 to 999, got " + count);
        }
        Random random = new Random(seedValue(seed));
        List<DemoCard> cards = new ArrayList<>();
        int longNames = 0;
        for (int number = 1; number <= count; number++) {
            boolean longName = number % 3 == 0 && longNames < LONG_NAMES.length;
            cards.add(card(random, number, count, longName ? LONG_NAMES[longNames++] : null));
        }
        List<BlankCard> blanks = new ArrayList<>();
        for (int i = 0; i < BLANK_CARDS; i++) {
            blanks.add(new BlankCard(CardIdentificationCode.of("440106", chip(random)),
                    i % 2 == 0 ? BlockAlgorithm.SM4 : BlockAlgorithm.TDES));
        }
        return new DemoCardSet(seed, cards, blanks);
    }

    private static DemoCard card(Random random, int number, int count, String[] longName) {
        BlockAlgorithm algorithm = number % 2 == 1 ? BlockAlgorithm.SM4 : BlockAlgorithm.TDES;
        String region = number == 1 ? "440106" : DISTRICTS[random.nextInt(DISTRICTS.length)][0];
        String sex = longName != null ? longName[1] : (number == 1 ? "2" : String.valueOf(1 + random.nextInt(2)));
        String name = longName != null ? longName[0] : chineseName(random, sex);
        String ethnicity = longName != null ? "05" : "01";
        LocalDate birthDate = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(365 * 55));
        int order = random.nextInt(500) * 2 + ("1".equals(sex) ? 1 : 0);
        String certificate = CitizenIds.of(region, birthDate, order, sex);
        String cardBody = (char) ('A' + random.nextInt(26)) + String.format("%07d", random.nextInt(10_000_000));
        CardNumber cardNumber = CardNumber.withCheckCharacter(cardBody);
        CardIdentificationCode identification = CardIdentificationCode.of(region, chip(random));
        LocalDate issueDate = LocalDate.of(2018, 1, 1).plusDays(random.nextInt(365 * 6));
        boolean employee = number == 1 || random.nextInt(3) != 0;
        boolean retired = employee && birthDate.plusYears(60).isBefore(TODAY_FOR_DEMO);
        long balance = employee ? 20_000 + random.nextInt(300_000) : 0;
        long deductible = random.nextInt(4) == 0 ? 0 : random.nextInt(employee ? 100_000 : 50_000);
        long poolPaid = deductible > 0 && random.nextBoolean() ? random.nextInt(150_000) : 0;
        DemoCard.Status status = DemoCard.Status.ACTIVE;
        if (count >= 4 && number == count - 1) {
            status = DemoCard.Status.LOST;
        } else if (count >= 4 && number == count) {
            status = DemoCard.Status.CANCELLED;
        }
        String pin = number == 1 ? FIRST_CARD_PIN : DEMO_PINS[random.nextInt(DEMO_PINS.length)];
        String personNumber = region + String.format("%08d", number);
        DemoCard.Holder holder = new DemoCard.Holder(personNumber, certificate, name, sex, birthDate, ethnicity, region);
        DemoCard.Insurance insurance = new DemoCard.Insurance(employee ? "310" : "390",
                employee ? (retired ? "12" : "11") : "21", Regions.cityOf(region), balance, deductible, poolPaid);
        return new DemoCard(number, cardNumber, identification, algorithm, issueDate, issueDate.plusYears(10), status,
                pin, holder, insurance);
    }

    private static String chineseName(Random random, String sex) {
        String[] given = "1".equals(sex) ? MALE_GIVEN : FEMALE_GIVEN;
        return SURNAMES[random.nextInt(SURNAMES.length)] + given[random.nextInt(given.length)];
    }

    private static byte[] chip(Random random) {
        byte[] chip = new byte[8];
        for (int i = 0; i < chip.length; i++) {
            chip[i] = (byte) random.nextInt(256);
        }
        return chip;
    }

    /** {@link Random}'s algorithm is fixed by its specification, so the same seed gives the same cards on any JDK. */
    private static long seedValue(String seed) {
        byte[] digest = Sm3.hash(seed.getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xFF);
        }
        return value;
    }
}
