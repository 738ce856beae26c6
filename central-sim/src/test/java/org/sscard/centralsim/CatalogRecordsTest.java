package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.CatalogQuery;
import org.sscard.protocol.Flag;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.PriceCapQuery;
import org.sscard.protocol.Ratio;
import org.sscard.protocol.Response;
import org.sscard.protocol.SelfpayRatioQuery;
import org.sscard.protocol.Transaction;
import org.sscard.values.Money;

/** 1312, 1318 and 1319 from central-sim's catalogue: paged, incremental by updt_time, stable while rows change. */
class CatalogRecordsTest {
    private static final String FROM_THE_START = "2000-01-01";
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 2);
    private final Clock clock = Clock.fixed(TODAY.atTime(10, 0).toInstant(ZoneOffset.ofHours(8)), ZoneOffset.ofHours(8));
    private CentralSim.Running central;
    private TerminalClient hospital;

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        central = Harness.start(dir, clock);
        hospital = Harness.terminal(central, "DEV-CAT", "H44010600001", clock);
    }

    @AfterEach
    void stop() {
        central.stop();
    }

    @Test
    void theCatalogueIsPublishedAsItemsCapsAndRatiosWithTheFiguresTheSettlementApplies() throws IOException {
        List<CatalogGenerator.Entry> entries = CatalogGenerator.entries();
        CatalogQuery.Output first = items(FROM_THE_START, 1, 100);
        assertEquals(entries.size(), first.recordCounts());
        assertEquals(4L, first.pages());
        assertEquals(1L, first.startRow());
        assertEquals(100L, first.size());
        CatalogQuery.Output last = items(FROM_THE_START, 4, 100);
        assertEquals(entries.size() - 300L, last.size());
        assertEquals(301L, last.startRow());
        CatalogQuery.Row row = first.data().get(0);
        CatalogGenerator.Entry entry = entries.stream().filter(e -> e.code().equals(row.hilistCode())).findFirst()
                .orElseThrow();
        assertEquals(entry.lv(), row.chrgitmLv());
        assertEquals(entry.name(), row.hilistName());
        assertEquals(Flag.YES, row.valiFlag());
        assertEquals("2025-01-01", row.updtTime());
        assertEquals(CatalogRecords.INSU_ADMDVS, row.insuAdmdvs());

        Map<String, Long> caps = new java.util.HashMap<>();
        for (PriceCapQuery.Row cap : allCaps(FROM_THE_START)) {
            caps.put(cap.hilistCode(), cap.capFen().fen());
        }
        Map<String, Long> expectedCaps = entries.stream().filter(e -> e.capFen() != null)
                .collect(Collectors.toMap(CatalogGenerator.Entry::code, CatalogGenerator.Entry::capFen));
        assertEquals(expectedCaps, caps, "every cap the settlement applies, and no cap for an item without one");
        Map<String, Integer> ratios = new java.util.HashMap<>();
        for (SelfpayRatioQuery.Row ratio : allRatios(FROM_THE_START)) {
            ratios.put(ratio.hilistCode(), ratio.selfpayProp().basisPoints());
        }
        assertEquals(entries.stream().collect(Collectors.toMap(CatalogGenerator.Entry::code,
                CatalogGenerator.Entry::selfpayBp)), ratios);
        assertEquals(0, items("2025-01-02", 1, 100).data().size(), "nothing changed after the first day");
    }

    @Test
    void rowsChangedBetweenPagesNeitherSkipNorRepeatAndTheNextQueryHasTheChanges() throws IOException {
        List<PriceCapQuery.Row> page1 = caps(FROM_THE_START, 1, 50).data();
        Set<String> before = new HashSet<>();
        allCaps(FROM_THE_START).forEach(r -> before.add(r.rid()));
        String onPage1 = page1.get(10).hilistCode();
        List<PriceCapQuery.Row> later = caps(FROM_THE_START, 3, 50).data();
        String onPage3 = later.get(5).hilistCode();
        String withdrawn = later.get(6).hilistCode();
        central.changePriceCap(onPage1, Money.parse("1.23"));
        central.changePriceCap(onPage3, Money.parse("4.56"));
        central.changePriceCap(withdrawn, null);

        List<PriceCapQuery.Row> seen = new ArrayList<>(page1);
        for (int page = 2; ; page++) {
            PriceCapQuery.Output out = caps(FROM_THE_START, page, 50);
            seen.addAll(out.data());
            if (page >= out.pages()) {
                assertEquals(before.size() + 2L, out.recordCounts(), "two new caps came last");
                break;
            }
        }
        List<String> rids = seen.stream().map(PriceCapQuery.Row::rid).toList();
        assertEquals(rids.size(), new HashSet<>(rids).size(), "no record twice");
        assertTrue(rids.containsAll(before), "no record skipped");
        assertEquals(List.of(onPage1, onPage3), seen.subList(seen.size() - 2, seen.size()).stream()
                .map(PriceCapQuery.Row::hilistCode).toList(), "the new caps after every earlier record");

        List<PriceCapQuery.Row> changed = allCaps(TODAY.toString());
        assertEquals(5, changed.size(), "three caps ended, two begun: " + changed);
        Map<String, List<PriceCapQuery.Row>> byItem = changed.stream()
                .collect(Collectors.groupingBy(PriceCapQuery.Row::hilistCode));
        PriceCapQuery.Row ended = byItem.get(withdrawn).get(0);
        assertEquals(Flag.NO, ended.valiFlag());
        assertEquals(TODAY.minusDays(1).toString(), ended.enddate());
        assertEquals(Money.parse("4.56"), byItem.get(onPage3).stream().filter(r -> r.valiFlag() == Flag.YES)
                .findFirst().orElseThrow().capFen());
        assertEquals(TODAY.toString(), byItem.get(onPage1).get(1).begndate());
    }

    @Test
    void aRatioChangeEndsTheOldRatioAndBeginsTheNew() throws IOException {
        String code = CatalogGenerator.entries().stream().filter(e -> e.selfpayBp() == 1_000).findFirst().orElseThrow()
                .code();
        central.changeSelfpayRatio(code, Ratio.ofPercent(20));
        List<SelfpayRatioQuery.Row> changed = allRatios(TODAY.toString());
        assertEquals(List.of("0.10", "0.20"), changed.stream().map(r -> r.selfpayProp().toString()).toList());
        assertEquals(List.of(Flag.NO, Flag.YES), changed.stream().map(SelfpayRatioQuery.Row::valiFlag).toList());
    }

    @Test
    void filtersAreAppliedOrRefusedAndPagesAreBounded() throws IOException {
        String code = CatalogGenerator.entries().get(3).code();
        PriceCapQuery.Input byCode = new PriceCapQuery.Input(null, code, null, null, null, null, null, null, null,
                null, null, FROM_THE_START, 1L, 10L);
        List<PriceCapQuery.Row> rows = answer(Transaction.PRICE_CAP_QUERY, byCode).output().data();
        assertEquals(List.of(code), rows.stream().map(PriceCapQuery.Row::hilistCode).toList());
        CatalogQuery.Input byName = new CatalogQuery.Input(null, null, null, null, "阿莫西林", null, null, null, null,
                null, null, null, null, null, null, null, FROM_THE_START, 1L, 10L);
        Response<CatalogQuery.Output> refused = hospital.send(Transaction.CATALOG_QUERY, byName);
        assertEquals(InfCode.BUSINESS_RULE, refused.header().code());
        assertTrue(refused.header().errMsg().startsWith("input.data.hilist_name: "), refused.header().errMsg());
        Response<CatalogQuery.Output> tooLarge = hospital.send(Transaction.CATALOG_QUERY,
                new CatalogQuery.Input(FROM_THE_START, 1L, 1001L));
        assertEquals("input.data.page_size: at most 1000 rows a page", tooLarge.header().errMsg());
        assertTrue(items(FROM_THE_START, 99, 100).data().isEmpty(), "a page past the end is empty");
    }

    private CatalogQuery.Output items(String since, long page, long size) throws IOException {
        return answer(Transaction.CATALOG_QUERY, new CatalogQuery.Input(since, page, size)).output();
    }

    private PriceCapQuery.Output caps(String since, long page, long size) throws IOException {
        return answer(Transaction.PRICE_CAP_QUERY, new PriceCapQuery.Input(since, page, size)).output();
    }

    private List<PriceCapQuery.Row> allCaps(String since) throws IOException {
        return all(page -> caps(since, page, 100), PriceCapQuery.Output::data, PriceCapQuery.Output::pages);
    }

    private List<SelfpayRatioQuery.Row> allRatios(String since) throws IOException {
        return all(page -> answer(Transaction.SELFPAY_RATIO_QUERY, new SelfpayRatioQuery.Input(since, page, 100L))
                .output(), SelfpayRatioQuery.Output::data, SelfpayRatioQuery.Output::pages);
    }

    private interface Page<O> {
        O get(long page) throws IOException;
    }

    private static <O, R> List<R> all(Page<O> page, Function<O, List<R>> rows, Function<O, Long> pages)
            throws IOException {
        List<R> out = new ArrayList<>();
        for (long p = 1; ; p++) {
            O o = page.get(p);
            out.addAll(rows.apply(o));
            if (p >= pages.apply(o)) {
                return out;
            }
        }
    }

    private <I extends org.sscard.protocol.TransactionInput, O extends org.sscard.protocol.TransactionOutput>
            Response<O> answer(Transaction<I, O> t, I input) throws IOException {
        Response<O> r = hospital.send(t, input);
        assertEquals(0, r.header().infcode(), r.header().errMsg());
        return r;
    }
}
