package org.sscard.centralsim;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sscard.protocol.ChrgitmLv;
import org.sscard.protocol.Fields;

/**
 * The demo catalog: drugs in several specifications, examinations and services, with classes 01/02/03,
 * price caps and self-pay proportions. Generated deterministically (fixed seed), so every data directory
 * gets the same catalog.
 */
public final class CatalogGenerator {
    private static final long SEED = 20250314L;
    /** The day every generated item was last changed. */
    private static final LocalDate FIRST_UPDATE = LocalDate.of(2025, 1, 1);

    /**
     * One catalog entry; {@code capFen} null = no price cap; {@code selfpayBp} in basis points; {@code updtTime} the
     * day of its last change (published with 1312, the cap with 1318, the ratio with 1319: {@link CatalogRecords}).
     */
    public record Entry(String code, String name, ChrgitmLv lv, Long capFen, int selfpayBp, boolean limitedUse,
            String updtTime) {
    }

    private record Drug(String atc, String name, String[] specs, ChrgitmLv lv) {
    }

    private static Drug drug(String atc, String name, ChrgitmLv lv, String... specs) {
        return new Drug(atc, name, specs, lv);
    }

    private static final ChrgitmLv A = ChrgitmLv.CLASS_A;
    private static final ChrgitmLv B = ChrgitmLv.CLASS_B;
    private static final ChrgitmLv C = ChrgitmLv.CLASS_C;

    private static final List<Drug> DRUGS = List.of(
            drug("J01CA04", "阿莫西林胶囊", A, "0.25g×24粒", "0.5g×24粒", "0.25g×36粒", "0.5g×12粒"),
            drug("J01CR02", "阿莫西林克拉维酸钾片", B, "0.375g×12片", "0.457g×12片", "0.625g×6片"),
            drug("J01DC02", "头孢呋辛酯片", B, "0.25g×12片", "0.125g×12片", "0.25g×6片"),
            drug("J01DB05", "头孢羟氨苄胶囊", A, "0.25g×24粒", "0.5g×12粒"),
            drug("J01FA10", "阿奇霉素片", A, "0.25g×6片", "0.5g×3片", "0.25g×12片"),
            drug("J01FA09", "克拉霉素缓释片", B, "0.5g×6片", "0.25g×12片"),
            drug("J01MA12", "左氧氟沙星片", A, "0.5g×4片", "0.1g×12片", "0.25g×10片"),
            drug("J01MA02", "环丙沙星片", A, "0.25g×10片", "0.5g×10片"),
            drug("N02BE01", "对乙酰氨基酚片", A, "0.5g×12片", "0.3g×20片", "0.5g×24片"),
            drug("M01AE01", "布洛芬缓释胶囊", A, "0.3g×20粒", "0.3g×10粒", "0.4g×24粒"),
            drug("M01AB05", "双氯芬酸钠缓释片", A, "75mg×10片", "0.1g×10片"),
            drug("M01AH01", "塞来昔布胶囊", B, "0.2g×6粒", "0.2g×10粒"),
            drug("C09AA02", "马来酸依那普利片", A, "5mg×16片", "10mg×16片", "10mg×32片"),
            drug("C09CA01", "氯沙坦钾片", B, "50mg×7片", "100mg×7片", "50mg×14片"),
            drug("C09CA03", "缬沙坦胶囊", B, "80mg×7粒", "80mg×14粒", "160mg×7粒"),
            drug("C08CA01", "苯磺酸氨氯地平片", A, "5mg×7片", "5mg×14片", "5mg×28片", "10mg×7片"),
            drug("C08CA05", "硝苯地平控释片", A, "30mg×7片", "30mg×14片"),
            drug("C07AB07", "富马酸比索洛尔片", B, "5mg×10片", "2.5mg×18片"),
            drug("C07AB02", "酒石酸美托洛尔片", A, "25mg×20片", "50mg×20片"),
            drug("C03AA03", "氢氯噻嗪片", A, "25mg×100片"),
            drug("C10AA05", "阿托伐他汀钙片", B, "10mg×7片", "20mg×7片", "20mg×14片", "40mg×7片"),
            drug("C10AA07", "瑞舒伐他汀钙片", B, "10mg×7片", "5mg×14片", "10mg×28片"),
            drug("B01AC06", "阿司匹林肠溶片", A, "100mg×30片", "100mg×60片", "25mg×100片"),
            drug("B01AC04", "硫酸氢氯吡格雷片", B, "75mg×7片", "75mg×14片", "25mg×20片"),
            drug("A10BA02", "盐酸二甲双胍片", A, "0.25g×48片", "0.5g×20片", "0.5g×60片"),
            drug("A10BB09", "格列齐特缓释片", A, "30mg×30片", "60mg×15片"),
            drug("A10BF01", "阿卡波糖片", B, "50mg×30片", "100mg×30片"),
            drug("A10BH01", "磷酸西格列汀片", B, "100mg×7片", "100mg×14片"),
            drug("A10AE04", "甘精胰岛素注射液", B, "3ml:300单位×1支"),
            drug("A02BC01", "奥美拉唑肠溶胶囊", A, "20mg×14粒", "20mg×28粒", "10mg×14粒"),
            drug("A02BC02", "泮托拉唑钠肠溶片", B, "40mg×7片", "40mg×14片"),
            drug("A02BC05", "艾司奥美拉唑镁肠溶片", B, "20mg×7片", "40mg×7片"),
            drug("A03FA03", "多潘立酮片", A, "10mg×30片", "10mg×42片"),
            drug("A07DA03", "盐酸洛哌丁胺胶囊", A, "2mg×6粒", "2mg×12粒"),
            drug("A07BC05", "蒙脱石散", A, "3g×10袋", "3g×12袋"),
            drug("A06AD11", "乳果糖口服溶液", B, "100ml:66.7g", "200ml:133.4g"),
            drug("R06AE07", "西替利嗪片", A, "10mg×6片", "10mg×12片"),
            drug("R06AX13", "氯雷他定片", A, "10mg×6片", "10mg×12片", "10mg×18片"),
            drug("R05CB06", "盐酸氨溴索片", A, "30mg×20片", "30mg×40片"),
            drug("R05DA04", "复方磷酸可待因溶液", C, "100ml"),
            drug("R03AC02", "硫酸沙丁胺醇气雾剂", A, "100μg×200揿"),
            drug("R03BA02", "布地奈德混悬液", B, "2ml:1mg×5支", "2ml:0.5mg×5支"),
            drug("R03AK06", "沙美特罗替卡松粉吸入剂", B, "50μg/250μg×60泡", "50μg/500μg×60泡"),
            drug("N05BA06", "劳拉西泮片", A, "0.5mg×20片", "1mg×20片"),
            drug("N05CF02", "酒石酸唑吡坦片", B, "10mg×7片", "10mg×14片"),
            drug("N06AB06", "盐酸舍曲林片", B, "50mg×7片", "50mg×14片"),
            drug("N06AB10", "草酸艾司西酞普兰片", B, "10mg×7片", "5mg×14片"),
            drug("H03AA01", "左甲状腺素钠片", A, "50μg×100片", "100μg×100片"),
            drug("H02AB07", "醋酸泼尼松片", A, "5mg×100片"),
            drug("D07AC01", "倍他米松乳膏", A, "10g:5mg", "15g:7.5mg"),
            drug("D06AX09", "莫匹罗星软膏", B, "5g:0.1g", "10g:0.2g"),
            drug("S01AE03", "环丙沙星滴眼液", A, "5ml:15mg"),
            drug("S01XA20", "玻璃酸钠滴眼液", B, "5ml:5mg", "0.4ml:0.4mg×10支"),
            drug("G04CA02", "盐酸坦索罗辛缓释胶囊", B, "0.2mg×10粒", "0.2mg×20粒"),
            drug("G04BE03", "枸橼酸西地那非片", C, "100mg×1片", "50mg×5片"),
            drug("A11CC05", "维生素D滴剂", C, "400单位×24粒", "400单位×36粒"),
            drug("A12AX01", "碳酸钙D3片", C, "600mg×30片", "600mg×60片"),
            drug("Z00000A", "板蓝根颗粒", A, "10g×20袋", "5g×20袋"),
            drug("Z00000B", "连花清瘟胶囊", A, "0.35g×24粒", "0.35g×36粒"),
            drug("Z00000C", "复方丹参滴丸", B, "27mg×180丸", "27mg×150丸"),
            drug("Z00000D", "六味地黄丸", B, "200丸", "120丸"),
            drug("Z00000E", "藿香正气水", A, "10ml×10支"),
            drug("Z00000F", "阿胶", C, "250g"),
            drug("Z00000G", "西洋参含片", C, "0.6g×24片"));

    private static final List<String> MAKERS = List.of("华北制药", "石药集团", "齐鲁制药", "扬子江药业", "白云山",
            "恒瑞医药", "科伦药业", "华润三九", "复星医药", "以岭药业");

    private record Service(String code, String name, ChrgitmLv lv) {
    }

    private static final List<Service> SERVICES = List.of(
            new Service("110200001", "普通门诊诊查费", A), new Service("110200002", "副主任医师门诊诊查费", A),
            new Service("110200003", "主任医师门诊诊查费", B), new Service("110200004", "知名专家门诊诊查费", C),
            new Service("110200005", "急诊诊查费", A), new Service("110100001", "挂号费", C),
            new Service("120100001", "肌肉注射", A), new Service("120400001", "静脉输液", A),
            new Service("120400002", "静脉输液（加收）", A), new Service("121000001", "雾化吸入", A),
            new Service("120600001", "换药（小）", A), new Service("120600002", "换药（中）", A),
            new Service("120600003", "换药（大）", B), new Service("121300001", "清创缝合（小）", A),
            new Service("311201001", "针刺", B), new Service("311201002", "艾灸", B), new Service("340100001", "推拿", B),
            new Service("340200001", "中药煎药", C), new Service("480000001", "病历本工本费", C),
            new Service("480000002", "救护车费", C));

    private static final List<Service> EXAMS = List.of(
            new Service("250101015", "血常规检查（五分类）", A), new Service("250102001", "尿常规检查", A),
            new Service("250103001", "大便常规检查", A), new Service("250301001", "血糖测定", A),
            new Service("250302001", "糖化血红蛋白测定", B), new Service("250303001", "血脂四项", A),
            new Service("250305001", "肝功能检查", A), new Service("250305002", "肾功能检查", A),
            new Service("250307001", "电解质测定", A), new Service("250401001", "甲状腺功能三项", B),
            new Service("250402001", "C反应蛋白测定", A), new Service("250403001", "降钙素原测定", B),
            new Service("250404001", "肿瘤标志物（AFP）", B), new Service("250404002", "肿瘤标志物（CEA）", B),
            new Service("250501001", "乙肝两对半", A), new Service("250502001", "丙肝抗体检测", B),
            new Service("250503001", "新型冠状病毒核酸检测", A), new Service("250504001", "幽门螺杆菌呼气试验", B),
            new Service("210102001", "胸部X线摄影（正位）", A), new Service("210102002", "胸部X线摄影（正侧位）", A),
            new Service("210103001", "腰椎X线摄影", A), new Service("210200001", "头颅CT平扫", B),
            new Service("210200002", "胸部CT平扫", B), new Service("210200003", "腹部CT平扫", B),
            new Service("210200004", "胸部CT增强", B), new Service("210300001", "头颅磁共振平扫", B),
            new Service("210300002", "腰椎磁共振平扫", B), new Service("220201001", "腹部彩超", A),
            new Service("220201002", "甲状腺彩超", A), new Service("220201003", "心脏彩超", B),
            new Service("220201004", "颈部血管彩超", B), new Service("220201005", "泌尿系彩超", A),
            new Service("310701001", "常规心电图", A), new Service("310701002", "动态心电图", B),
            new Service("310701003", "动态血压监测", B), new Service("310601001", "肺功能检查", B),
            new Service("310300001", "电子胃镜检查", B), new Service("310300002", "电子结肠镜检查", B),
            new Service("310300003", "无痛胃镜加收", C), new Service("330100001", "骨密度测定", C));

    private CatalogGenerator() {
    }

    /** The catalog is deterministic, so it is generated once. */
    private static final List<Entry> ENTRIES = generate();

    /** The catalog, in a fixed order (an unmodifiable list). */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    private static List<Entry> generate() {
        Random random = new Random(SEED);
        List<Entry> out = new ArrayList<>();
        for (Drug d : DRUGS) {
            int firstMaker = random.nextInt(MAKERS.size());
            for (int m = 0; m < 2; m++) {
                String maker = MAKERS.get((firstMaker + m * 3) % MAKERS.size());
                for (int s = 0; s < d.specs().length; s++) {
                    String code = "X" + d.atc() + (m + 1) + String.format("%03d", s + 1);
                    long cap = (200 + random.nextInt(30_000)) / 10 * 10;
                    out.add(entry(code, d.name() + " " + d.specs()[s] + "（" + maker + "）", d.lv(), cap, random,
                            d.lv() == B && s == 0));
                }
            }
        }
        for (Service s : SERVICES) {
            long cap = (300 + random.nextInt(8_000)) / 10 * 10;
            out.add(entry("00" + s.code(), s.name(), s.lv(), cap, random, false));
        }
        for (Service s : EXAMS) {
            long cap = (1_000 + random.nextInt(60_000)) / 100 * 100;
            out.add(entry("00" + s.code(), s.name(), s.lv(), cap, random, false));
        }
        return List.copyOf(out);
    }

    private static Entry entry(String code, String name, ChrgitmLv lv, long capFen, Random random,
            boolean limitedUse) {
        int selfpay = lv == ChrgitmLv.CLASS_A ? 0 : lv == ChrgitmLv.CLASS_C ? 10_000
                : new int[] {1_000, 1_000, 1_000, 500, 2_000, 1_250}[random.nextInt(6)];
        Long cap = lv == ChrgitmLv.CLASS_C ? null : capFen;
        return new Entry(code, name, lv, cap, selfpay, limitedUse,
                Fields.DATE.format(FIRST_UPDATE));
    }

    /** Fills an empty catalog table; returns the number of rows written (0 if it was not empty). */
    static int loadIfEmpty(Connection c) throws SQLException {
        if (Jdbc.one(c, "SELECT COUNT(*) FROM catalog", rs -> rs.getLong(1)).orElse(0L) > 0) {
            return 0;
        }
        List<Entry> entries = entries();
        for (Entry e : entries) {
            Jdbc.update(c, "INSERT INTO catalog(hilist_code, hilist_name, chrgitm_lv, price_cap_fen, selfpay_bp, "
                    + "lmt_used_flag, updt_time) VALUES (?, ?, ?, ?, ?, ?, ?)", e.code(), e.name(), e.lv().code(),
                    e.capFen(), e.selfpayBp(), e.limitedUse() ? "1" : "0", e.updtTime());
        }
        return entries.size();
    }
}
