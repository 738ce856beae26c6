package org.sscard.cardsim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.sscard.cardsim.CardDriver.MODULE;
import static org.sscard.cardsim.CardDriver.apdu;
import static org.sscard.cardsim.CardDriver.concat;
import static org.sscard.cardsim.CardDriver.hex;
import static org.sscard.cardsim.CardDriver.uint;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.cardsim.applet.TearingHook;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardCryptograms;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.KeyType;

/**
 * The tearing campaign: each command that writes is interrupted at every persistent write in turn, on a
 * fresh card, in both ways (after the write landed, and in the middle of it); the card is powered on
 * again and must be consistent.
 */
class TearingTest {
    private static final long AMOUNT = 1_234;
    private static final byte[] NEW_NAME = CardDriver.gbk("欧阳王五六七八九十一二三四五六", 30);

    enum Mode { AFTER_WRITE, DURING_WRITE }

    /** What a campaign does at one interruption point. */
    interface Point {
        /** Prepares a fresh card; runs no write that should be interrupted. */
        CardDriver prepare(BlockAlgorithm alg);

        /** The command under test. */
        Response command(CardDriver d);

        /** Checks the powered-on card after an interruption. */
        void checkTorn(CardDriver d, Mode mode, int write);

        /** Checks the card after the command ran to the end. */
        void checkCompleted(CardDriver d, Response response);
    }

    @AfterEach
    void disarm() {
        TearingHook.disarm();
    }

    /** Interrupts at write 1, 2, ... until the command completes; answers the number of write points. */
    private static int campaign(BlockAlgorithm alg, Point point) {
        for (Mode mode : Mode.values()) {
            for (short n = 1; ; n++) {
                if (n > 50) {
                    fail("the command never completed");
                }
                CardDriver d = point.prepare(alg);
                if (mode == Mode.AFTER_WRITE) {
                    TearingHook.interruptAfterWrite(n);
                } else {
                    TearingHook.interruptDuringWrite(n);
                }
                Response response;
                try {
                    response = point.command(d);
                } catch (CardTornException torn) {
                    TearingHook.disarm();
                    assertTrue(!d.card.powered(), "a torn card is powered off");
                    d.card.powerOn();
                    point.checkTorn(d, mode, n);
                    continue;
                }
                TearingHook.disarm();
                point.checkCompleted(d, response);
                if (mode == Mode.DURING_WRITE) {
                    return n - 1;
                }
                break;
            }
        }
        throw new AssertionError("unreachable");
    }

    // ---- DEBIT -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void debitIsAllOrNothing(BlockAlgorithm alg) {
        DebitData[] pending = new DebitData[1];
        int points = campaign(alg, new Point() {
            @Override
            public CardDriver prepare(BlockAlgorithm a) {
                CardDriver d = CardDriver.personalised(a, "0A0B0C0D0E0F1011");
                d.selectMedical();
                assertEquals(0x9000, d.verify(CardDriver.PIN).sw());
                Response init = d.initializeForDebit(AMOUNT);
                assertEquals(0x9000, init.sw());
                pending[0] = CardDriver.debitData(init, AMOUNT, 77);
                return d;
            }

            @Override
            public Response command(CardDriver d) {
                return d.debit(pending[0], MODULE.debitMac1(d.ref(KeyType.DEBIT), d.id, pending[0]));
            }

            @Override
            public void checkTorn(CardDriver d, Mode mode, int write) {
                boolean happened = checkBalanceAgreesWithRecords(d, pending[0]);
                // The card keeps working either way: the next debit continues from the state it shows.
                d.selectMedical();
                d.verify(CardDriver.PIN);
                Response init = d.initializeForDebit(10);
                assertEquals(happened ? 1 : 0, uint(init.data(), 4, 2));
                DebitData next = CardDriver.debitData(init, 10, 78);
                Response r = d.debit(next, MODULE.debitMac1(d.ref(KeyType.DEBIT), d.id, next));
                assertEquals(0x9000, r.sw());
                assertArrayEquals(CardCryptograms.tac(d.alg, d.cardKey(KeyType.DEBIT), next), Arrays.copyOf(r.data(), 4));
            }

            @Override
            public void checkCompleted(CardDriver d, Response response) {
                assertEquals(0x9000, response.sw());
                d.card.reset();
                assertTrue(checkBalanceAgreesWithRecords(d, pending[0]));
            }
        });
        assertTrue(points >= 6, "debit write points: " + points);
    }

    /** Balance, sequence number and EF06 agree; answers whether the debit happened. */
    private static boolean checkBalanceAgreesWithRecords(CardDriver d, DebitData debit) {
        d.selectMedical();
        assertEquals(0x9000, d.externalAuthenticate().sw());
        d.selectEf(0x05);
        long balance = uint(d.readTag(0x33).data(), 2, 4);
        long sequence = uint(d.readTag(0x36).data(), 2, 2);
        d.selectEf(0x06);
        Response newest = d.readNumber(1);
        if (balance == CardDriver.INITIAL_BALANCE) {
            assertEquals(0, sequence);
            assertEquals(0x6A83, newest.sw(), "no record without the debit");
            return false;
        }
        assertEquals(CardDriver.INITIAL_BALANCE - AMOUNT, balance);
        assertEquals(1, sequence);
        byte[] tac = CardCryptograms.tac(d.alg, d.cardKey(KeyType.DEBIT), debit);
        assertArrayEquals(concat(CardDriver.TERMINAL_ID, CardDriver.DATE_TIME, uint(AMOUNT, 4),
                uint(CardDriver.INITIAL_BALANCE - AMOUNT, 4), uint(0, 2), tac), newest.data());
        return true;
    }

    // ---- UPDATE RECORD and APPEND RECORD -------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void updateRecordIsAllOrNothing(BlockAlgorithm alg) {
        int points = campaign(alg, new Point() {
            @Override
            public CardDriver prepare(BlockAlgorithm a) {
                CardDriver d = CardDriver.personalised(a, "1213141516171819");
                d.selectSsse();
                d.selectEf(0x06);
                return d;
            }

            @Override
            public Response command(CardDriver d) {
                return d.macCommand(0x04, 0xDC, 0x09, 0x00, NEW_NAME, KeyType.UPDATE);
            }

            @Override
            public void checkTorn(CardDriver d, Mode mode, int write) {
                byte[] name = readName(d);
                assertTrue(Arrays.equals(name, NEW_NAME) || Arrays.equals(name, d.holderValue(0x09)),
                        "old or new name, never a mix");
            }

            @Override
            public void checkCompleted(CardDriver d, Response response) {
                assertEquals(0x9000, response.sw());
                assertArrayEquals(NEW_NAME, readName(d));
            }
        });
        assertTrue(points >= 4, "update write points: " + points);
    }

    private static byte[] readName(CardDriver d) {
        d.selectSsse();
        d.externalAuthenticate();
        d.selectEf(0x06);
        return Arrays.copyOfRange(d.readTag(0x09).data(), 2, 32);
    }

    @Test
    void appendRecordIsAllOrNothing() {
        byte[] record = concat(CardDriver.an("SETL-1", 20), hex("20260315"), uint(4_200, 4));
        campaign(BlockAlgorithm.SM4, new Point() {
            @Override
            public CardDriver prepare(BlockAlgorithm a) {
                CardDriver d = CardDriver.personalised(a, "2021222324252627");
                d.selectMedical();
                d.selectEf(0x08);
                return d;
            }

            @Override
            public Response command(CardDriver d) {
                return d.macCommand(0x04, 0xE2, 0x00, 0x00, record, KeyType.MEDICAL_UPDATE);
            }

            @Override
            public void checkTorn(CardDriver d, Mode mode, int write) {
                Response newest = readNewest(d);
                if (newest.sw() != 0x6A83) {
                    assertArrayEquals(record, newest.data());
                }
                assertEquals(0x6A83, d.readNumber(2).sw());
            }

            @Override
            public void checkCompleted(CardDriver d, Response response) {
                assertEquals(0x9000, response.sw());
                assertArrayEquals(record, readNewest(d).data());
            }
        });
    }

    private static Response readNewest(CardDriver d) {
        d.selectMedical();
        d.externalAuthenticate();
        d.selectEf(0x08);
        return d.readNumber(1);
    }

    // ---- PIN ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aTornWrongVerifyStillCostsATry(BlockAlgorithm alg) {
        campaign(alg, new PinPoint() {
            @Override
            public Response command(CardDriver d) {
                return d.verify("999999");
            }

            @Override
            public void checkTorn(CardDriver d, Mode mode, int write) {
                d.selectSsse();
                int tries = d.triesLeft();
                if (mode == Mode.AFTER_WRITE) {
                    assertEquals(CardDriver.PIN_LIMIT - 1, tries, "the try was spent before the comparison");
                } else {
                    assertTrue(tries <= CardDriver.PIN_LIMIT);
                }
                assertEquals(0x9000, d.verify(CardDriver.PIN).sw());
            }

            @Override
            public void checkCompleted(CardDriver d, Response response) {
                assertEquals(0x63C2, response.sw());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aTornCorrectVerifyNeverAddsTries(BlockAlgorithm alg) {
        int points = campaign(alg, new PinPoint() {
            @Override
            public CardDriver prepare(BlockAlgorithm a) {
                CardDriver d = super.prepare(a);
                assertEquals(0x63C2, d.verify("000000").sw());
                return d;
            }

            @Override
            public Response command(CardDriver d) {
                return d.verify(CardDriver.PIN);
            }

            @Override
            public void checkTorn(CardDriver d, Mode mode, int write) {
                d.selectSsse();
                int tries = d.triesLeft();
                if (mode == Mode.AFTER_WRITE && write == 1) {
                    assertEquals(1, tries, "even a correct PIN is paid for before the comparison");
                }
                assertTrue(tries == 1 || tries == 2 || tries == CardDriver.PIN_LIMIT,
                        "spent, untouched, or restored after the match: " + tries);
                assertEquals(0x9000, d.verify(CardDriver.PIN).sw());
            }

            @Override
            public void checkCompleted(CardDriver d, Response response) {
                assertEquals(0x9000, response.sw());
                assertEquals(CardDriver.PIN_LIMIT, d.triesLeft());
            }
        });
        assertEquals(2, points, "decrement, then restore");
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void changeReloadAndUnblockLeaveTheOldOrTheNewPin(BlockAlgorithm alg) {
        String newPin = "8642";
        List<Function<CardDriver, Response>> commands = List.of(
                d -> d.send(apdu(0x80, 0x5E, 0x01, 0x00, concat(CardCryptograms.pinBcd(CardDriver.PIN.toCharArray()),
                        hex("FF"), CardCryptograms.pinBcd(newPin.toCharArray())))),
                d -> d.macCommand(0x80, 0x5E, 0x00, 0x00, CardCryptograms.pinBcd(newPin.toCharArray()), KeyType.PIN_RELOAD),
                d -> d.macCommand(0x84, 0x24, 0x00, 0x00,
                        MODULE.encryptPinBlock(d.ref(KeyType.PIN_UNBLOCK), d.id, newPin.toCharArray()), KeyType.PIN_UNBLOCK));
        for (Function<CardDriver, Response> command : commands) {
            int points = campaign(alg, new PinPoint() {
                @Override
                public Response command(CardDriver d) {
                    return command.apply(d);
                }

                @Override
                public void checkTorn(CardDriver d, Mode mode, int write) {
                    d.selectSsse();
                    int tries = d.triesLeft();
                    assertTrue(tries <= CardDriver.PIN_LIMIT);
                    Response withNew = d.verify(newPin);
                    if (withNew.sw() != 0x9000) {
                        assertEquals(0x9000, d.verify(CardDriver.PIN).sw(), "neither the old nor the new PIN works");
                    }
                }

                @Override
                public void checkCompleted(CardDriver d, Response response) {
                    assertEquals(0x9000, response.sw());
                    assertEquals(CardDriver.PIN_LIMIT, d.triesLeft());
                    assertEquals(0x9000, d.verify(newPin).sw());
                }
            });
            assertTrue(points >= 4, "PIN change write points: " + points);
        }
    }

    private abstract static class PinPoint implements Point {
        @Override
        public CardDriver prepare(BlockAlgorithm a) {
            CardDriver d = CardDriver.personalised(a, "3031323334353637");
            d.selectSsse();
            return d;
        }
    }

    // ---- personalisation ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void everyPersonalisationCommandIsAllOrNothing(BlockAlgorithm alg) {
        List<CardDriver.PersoStep> steps = CardDriver.personalisationSteps();
        for (int target = 0; target < steps.size(); target++) {
            CardDriver.PersoStep torn = steps.get(target);
            int index = target;
            campaign(alg, persoPoint(d -> {
                for (int i = 0; i < steps.size(); i++) {
                    if (i != index) {
                        assertEquals(0x9000, steps.get(i).run(d).sw(), steps.get(i).name());
                    }
                }
            }, torn::run, d -> {
                d.selectSsse();
                int closed = d.close().sw();
                if (closed == 0x6985) {
                    assertEquals(0x9000, torn.run(d).sw(), "the torn step can be sent again");
                    d.selectSsse();
                    closed = d.close().sw();
                }
                assertEquals(0x9000, closed, torn.name());
            }));
        }
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void closeIsAllOrNothing(BlockAlgorithm alg) {
        campaign(alg, persoPoint(d -> CardDriver.personalisationSteps().forEach(s -> assertEquals(0x9000, s.run(d).sw())),
                d -> {
                    d.selectSsse();
                    return d.close();
                },
                d -> {
                    d.selectSsse();
                    int closed = d.close().sw();
                    assertTrue(closed == 0x9000 || closed == 0x6D00, "blank or personalised: " + closed);
                }));
    }

    private static Point persoPoint(Consumer<CardDriver> before, Function<CardDriver, Response> command,
                                    Consumer<CardDriver> finish) {
        return new Point() {
            @Override
            public CardDriver prepare(BlockAlgorithm a) {
                CardDriver d = CardDriver.blank(a, "4041424344454647");
                before.accept(d);
                return d;
            }

            @Override
            public Response command(CardDriver d) {
                return command.apply(d);
            }

            @Override
            public void checkTorn(CardDriver d, Mode mode, int write) {
                finish.accept(d);
                assertWorks(d);
            }

            @Override
            public void checkCompleted(CardDriver d, Response response) {
                assertEquals(0x9000, response.sw());
                finish.accept(d);
                assertWorks(d);
            }
        };
    }

    /** A personalised card whose every key, record and PIN is right. */
    private static void assertWorks(CardDriver d) {
        d.card.reset();
        d.selectSsse();
        assertEquals(0x9000, d.externalAuthenticate().sw());
        for (int[] file : new int[][] {CardDriver.SSSE_EF05_TAGS, CardDriver.SSSE_EF06_TAGS}) {
            d.selectEf(file == CardDriver.SSSE_EF05_TAGS ? 0x05 : 0x06);
            for (int tag : file) {
                assertArrayEquals(d.holderValue(tag), Arrays.copyOfRange(d.readTag(tag).data(), 2, 2 + d.holderValue(tag).length));
            }
        }
        byte[] data = hex("0001020304050607");
        assertArrayEquals(CardCryptograms.authCryptogram(d.alg, d.cardKey(KeyType.INTERNAL_AUTH), data),
                d.sendOk(apdu(0x00, 0x88, 0x00, 0x02, data)).data());
        d.selectSsse();
        d.selectEf(0x06);
        assertEquals(0x9000, d.macCommand(0x04, 0xDC, 0x0A, 0x00, hex("32"), KeyType.UPDATE).sw());
        d.selectMedical();
        assertEquals(0x9000, d.verify(CardDriver.PIN).sw());
        d.selectEf(0x05);
        for (int tag = 0x30; tag <= 0x36; tag++) {
            // CLOSE does not require the medical records: a torn write of one leaves it empty, never mixed.
            byte[] value = Arrays.copyOfRange(d.readTag(tag).data(), 2, 2 + d.holderValue(tag).length);
            if (!Arrays.equals(d.holderValue(tag), value)) {
                assertArrayEquals(new byte[value.length], value, String.format("medical tag %02X", tag));
                assertEquals(0x9000, d.macCommand(0x04, 0xDC, tag, 0x00, d.holderValue(tag), KeyType.MEDICAL_UPDATE).sw());
            }
        }
        assertEquals(0x9000, d.payOffline(100, 1).sw());
        assertEquals(0x9000, d.macCommand(0x80, 0x5E, 0x00, 0x00, hex("1234"), KeyType.PIN_RELOAD).sw());
        assertEquals(0x9000, d.macCommand(0x84, 0x24, 0x00, 0x00,
                MODULE.encryptPinBlock(d.ref(KeyType.PIN_UNBLOCK), d.id, "5678".toCharArray()), KeyType.PIN_UNBLOCK).sw());
        assertEquals(0x9000, d.macCommand(0x04, 0xDC, 0x34, 0x00, uint(5, 4), KeyType.MEDICAL_UPDATE).sw());
        assertEquals(0x9000, d.macCommand(0x84, 0x1E, 0x00, 0x00, new byte[0], KeyType.APP_BLOCK).sw());
    }
}
