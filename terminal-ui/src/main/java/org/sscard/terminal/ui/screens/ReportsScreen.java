package org.sscard.terminal.ui.screens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.PieChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.sscard.terminal.counter.PdfReports;
import org.sscard.terminal.counter.Reports;
import org.sscard.terminal.ledger.InstitutionBooks;
import org.sscard.values.Money;
import org.sscard.values.MoneyFormat;

/**
 * Settlement reports for the supervisor and the auditor: the daily summary (日结算汇总), the monthly statement
 * (月对账单) and the statistics by insurance type, fund and item class, each from terminal-app's {@link Reports} (the
 * same records and per-type totals reconciliation sends, so the figures agree to the fen), shown as a table and as
 * charts, and exported as CSV or PDF ({@link PdfReports}) into a chosen folder. With a hospital ledger, the
 * institution's reports from every station's records too ({@link InstitutionBooks}). Authorisation (REPORTS) and
 * audit are the workflow's.
 */
public final class ReportsScreen implements Screen {
    /**
     * The reports on offer; the statistics cover the chosen day or its whole month. The INSTITUTION_ ones read the
     * hospital ledger (every station) and are offered only when the station has one: the daily summary and the monthly
     * statement of the institution, and its records of the chosen day per station and per operator.
     */
    public enum Kind {
        DAILY, MONTHLY, STATS_DAY, STATS_MONTH, INSTITUTION_DAILY, INSTITUTION_MONTHLY, INSTITUTION_STATIONS,
        INSTITUTION_OPERATORS;

        boolean fromLedger() {
            return name().startsWith("INSTITUTION_");
        }
    }

    /** One insurance type's totals as the report shows them. */
    public record TypeTotals(String insutype, long count, Money medfee, Money fund, Money acct, Money cash) {
    }

    private final VBox root = new VBox(10);
    private final ChoiceBox<Kind> kind = new ChoiceBox<>();
    private final DatePicker day = new DatePicker();
    private final Label title = new Label();
    private final Label totals = new Label();
    private final Label message = new Label();
    private final TableView<List<String>> table;
    private final HBox charts = new HBox(10);
    private final Reports reports;
    private final InstitutionBooks institution;
    private final UiKit kit;
    private Function<Window, Optional<Path>> folderChooser;
    private Reports.Report shown;
    private Kind shownKind;

    public ReportsScreen(Reports reports, Clock clock, UiKit kit) {
        this(reports, clock, kit, null);
    }

    /** With {@code institution} (the hospital ledger; null when the station has none) the institution's reports too. */
    public ReportsScreen(Reports reports, Clock clock, UiKit kit, InstitutionBooks institution) {
        this.reports = reports;
        this.kit = kit;
        this.institution = institution;
        this.folderChooser = owner -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(kit.texts().get("reports.chooseFolder"));
            return Optional.ofNullable(chooser.showDialog(owner)).map(java.io.File::toPath);
        };
        root.setId("screen-reports");
        root.setPadding(new Insets(12));
        kind.setId("reports-kind");
        kind.setItems(FXCollections.observableArrayList(java.util.Arrays.stream(Kind.values())
                .filter(k -> institution != null || !k.fromLedger()).toList()));
        kind.setValue(Kind.DAILY);
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(Kind k) {
                return k == null ? "" : kit.texts().get("reports.kind." + k.name());
            }

            @Override
            public Kind fromString(String s) {
                return null;
            }
        });
        day.setId("reports-day");
        day.setValue(LocalDate.now(clock));
        Button show = new Button(kit.texts().get("reports.show"));
        show.setId("reports-show");
        show.setDefaultButton(true);
        show.disableProperty().bind(kit.tasks().runningProperty());
        show.setOnAction(e -> refresh());
        Button csv = new Button(kit.texts().get("reports.csv"));
        csv.setId("reports-csv");
        csv.disableProperty().bind(kit.tasks().runningProperty());
        csv.setOnAction(e -> export(false));
        Button pdf = new Button(kit.texts().get("reports.pdf"));
        pdf.setId("reports-pdf");
        pdf.disableProperty().bind(kit.tasks().runningProperty());
        pdf.setOnAction(e -> export(true));
        HBox bar = new HBox(10, kind, day, show, csv, pdf);
        bar.setAlignment(Pos.CENTER_LEFT);
        title.setId("reports-title");
        title.getStyleClass().add("title-4");
        totals.setId("reports-totals");
        totals.setWrapText(true);
        message.setId("reports-message");
        message.setWrapText(true);
        totals.setMinHeight(Region.USE_PREF_SIZE);
        table = Tables.table("reports-table", kit.texts().get("reports.empty"));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        charts.setId("reports-charts");
        charts.setPrefHeight(260);
        charts.setMinHeight(200);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().addAll(bar, title, totals, message, table, charts);
    }

    /** Where exports go: by default a folder dialog; tests give a folder. */
    public void exportFolderChooser(Function<Window, Optional<Path>> chooser) {
        this.folderChooser = chooser;
    }

    public void choose(Kind k, LocalDate date) {
        kind.setValue(k);
        day.setValue(date);
    }

    @Override
    public void refresh() {
        Kind k = kind.getValue();
        LocalDate d = day.getValue();
        if (k == null || d == null) {
            message.setText(kit.texts().get("reports.choose"));
            return;
        }
        kit.tasks().run(kit.texts().get("reports.loading"), () -> produce(k, d), report -> show(k, report),
                failure -> message.setText(kit.line(failure)));
    }

    private Reports.Report produce(Kind k, LocalDate d) {
        YearMonth month = YearMonth.from(d);
        return switch (k) {
            case DAILY -> reports.daily(d);
            case MONTHLY -> reports.monthly(month);
            case STATS_DAY -> reports.stats(d, d);
            case STATS_MONTH -> reports.stats(month.atDay(1), month.atEndOfMonth());
            case INSTITUTION_DAILY -> institution.daily(d);
            case INSTITUTION_MONTHLY -> institution.monthly(month);
            case INSTITUTION_STATIONS -> institution.byStation(d, d);
            case INSTITUTION_OPERATORS -> institution.byOperator(d, d);
        };
    }

    private void show(Kind k, Reports.Report report) {
        shown = report;
        shownKind = k;
        title.setText(report.title());
        table.getColumns().clear();
        for (int i = 0; i < report.columns().size(); i++) {
            int index = i;
            TableColumn<List<String>, String> column = Tables.column(report.columns().get(i), row -> row.get(index));
            double width = textWidth(report.columns().get(i));
            for (List<String> row : report.rows()) {
                width = Math.max(width, textWidth(row.get(i)));
            }
            column.setPrefWidth(width + 24);
            table.getColumns().add(column);
        }
        table.setItems(FXCollections.observableArrayList(report.rows()));
        StringBuilder line = new StringBuilder();
        for (TypeTotals t : totals()) {
            line.append(kit.texts().get("reports.totals", kit.texts().insurance(t.insutype()), t.count(),
                    MoneyFormat.yuan(t.medfee()), MoneyFormat.yuan(t.fund()), MoneyFormat.yuan(t.acct()),
                    MoneyFormat.yuan(t.cash()))).append('\n');
        }
        totals.setText(line.toString().trim());
        message.setText(kit.texts().get("reports.shown", report.rows().size()));
        charts.getChildren().setAll(charts(k, report));
    }

    /** A column wide enough for its longest cell: Chinese characters take about twice the width of others. */
    private static double textWidth(String text) {
        double w = 0;
        for (int i = 0; i < text.length(); i++) {
            w += text.charAt(i) >= 0x2E80 ? 15 : 8;
        }
        return w;
    }

    /** The per-type totals of the report on screen (the 合计 rows; for statistics the 险种 rows, fund split unknown). */
    public List<TypeTotals> totals() {
        List<TypeTotals> out = new ArrayList<>();
        if (shown == null) {
            return out;
        }
        for (List<String> r : shown.rows()) {
            switch (shownKind) {
                case DAILY, INSTITUTION_DAILY -> {
                    if (r.get(0).equals("合计")) {
                        out.add(new TypeTotals(r.get(3), Long.parseLong(r.get(10)), Money.parse(r.get(6)),
                                Money.parse(r.get(7)), Money.parse(r.get(8)), Money.parse(r.get(9))));
                    }
                }
                case MONTHLY, INSTITUTION_MONTHLY -> {
                    if (r.get(0).equals("合计")) {
                        out.add(new TypeTotals(r.get(1), Long.parseLong(r.get(3)), Money.parse(r.get(4)),
                                Money.parse(r.get(5)), Money.parse(r.get(6)), Money.parse(r.get(7))));
                    }
                }
                case INSTITUTION_STATIONS, INSTITUTION_OPERATORS -> {
                    if (r.get(0).equals("合计")) {
                        out.add(new TypeTotals(r.get(1), Long.parseLong(r.get(2)), Money.parse(r.get(3)),
                                Money.parse(r.get(4)), Money.parse(r.get(5)), Money.parse(r.get(6))));
                    }
                }
                case STATS_DAY, STATS_MONTH -> {
                    if (r.get(0).equals("险种")) {
                        out.add(new TypeTotals(r.get(1), Long.parseLong(r.get(2)), Money.parse(r.get(3)),
                                Money.ZERO, Money.ZERO, Money.ZERO));
                    }
                }
            }
        }
        return out;
    }

    private static long fen(String yuan) {
        return Money.parse(yuan).fen();
    }

    /** Yuan for a chart axis, exact from fen (the chart only draws it). */
    private static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    private List<Node> charts(Kind k, Reports.Report report) {
        List<Node> out = new ArrayList<>();
        if (k == Kind.INSTITUTION_STATIONS || k == Kind.INSTITUTION_OPERATORS) {
            // One bar per station (operator): its 小计 of medical fees.
            XYChart.Series<String, Number> each = series(kit.texts().get("reports.fund.medfee"));
            for (List<String> r : report.rows()) {
                if (r.get(0).equals("小计")) {
                    each.getData().add(new XYChart.Data<>(r.get(1), yuan(fen(r.get(3)))));
                }
            }
            out.add(bar("reports-chart-groups", kit.texts().get("reports.chart." + k.name()), List.of(each)));
        } else if (k == Kind.MONTHLY || k == Kind.INSTITUTION_MONTHLY) {
            // One bar per day and insurance type: the day's rows of each kind (结算, 撤销, 补结算, 脱机扣款) summed
            // (not the totals, nor the funds within them).
            Map<String, Map<String, Long>> byType = new LinkedHashMap<>();
            for (List<String> r : report.rows()) {
                if (!List.of("合计", "小计", "其中").contains(r.get(0))) {
                    byType.computeIfAbsent(r.get(1), t -> new LinkedHashMap<>())
                            .merge(r.get(0).substring(5), fen(r.get(4)), Long::sum);
                }
            }
            List<XYChart.Series<String, Number>> days = new ArrayList<>();
            for (Map.Entry<String, Map<String, Long>> type : byType.entrySet()) {
                XYChart.Series<String, Number> s = series(kit.texts().insurance(type.getKey()));
                type.getValue().forEach((day, fen) -> s.getData().add(new XYChart.Data<>(day, yuan(fen))));
                days.add(s);
            }
            out.add(bar("reports-chart-days", kit.texts().get("reports.chart.days"), days));
        } else if (k == Kind.DAILY || k == Kind.INSTITUTION_DAILY) {
            List<XYChart.Series<String, Number>> series = new ArrayList<>();
            String[] keys = {"reports.fund.medfee", "reports.fund.fund", "reports.fund.acct", "reports.fund.cash"};
            for (int i = 0; i < keys.length; i++) {
                XYChart.Series<String, Number> s = series(kit.texts().get(keys[i]));
                for (TypeTotals t : totals()) {
                    long[] values = {t.medfee().fen(), t.fund().fen(), t.acct().fen(), t.cash().fen()};
                    s.getData().add(new XYChart.Data<>(kit.texts().insurance(t.insutype()), yuan(values[i])));
                }
                series.add(s);
            }
            out.add(bar("reports-chart-types", kit.texts().get("reports.chart.types"), series));
        } else {
            PieChart funds = new PieChart();
            funds.setId("reports-chart-funds");
            funds.setTitle(kit.texts().get("reports.chart.funds"));
            XYChart.Series<String, Number> classes = series(kit.texts().get("reports.chart.classes"));
            XYChart.Series<String, Number> types = series(kit.texts().get("reports.chart.types"));
            for (List<String> r : report.rows()) {
                long amount = fen(r.get(3));
                switch (r.get(0)) {
                    case "基金" -> {
                        if (amount > 0) {
                            funds.getData().add(new PieChart.Data(r.get(1) + " " + MoneyFormat.plain(amount), amount));
                        }
                    }
                    case "收费类别" -> classes.getData().add(new XYChart.Data<>(kit.texts().get("itemClass." + r.get(1)),
                            yuan(amount)));
                    case "类型" -> {
                        // by kind of record: in the table only
                    }
                    default -> types.getData().add(new XYChart.Data<>(kit.texts().insurance(r.get(1)), yuan(amount)));
                }
            }
            out.add(funds);
            out.add(bar("reports-chart-classes", kit.texts().get("reports.chart.classes"), List.of(classes)));
            out.add(bar("reports-chart-types", kit.texts().get("reports.chart.types"), List.of(types)));
        }
        for (Node n : out) {
            HBox.setHgrow(n, Priority.ALWAYS);
        }
        return out;
    }

    private static XYChart.Series<String, Number> series(String name) {
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }

    private BarChart<String, Number> bar(String nodeId, String chartTitle, List<XYChart.Series<String, Number>> series) {
        NumberAxis amounts = new NumberAxis();
        amounts.setLabel(kit.texts().get("reports.chart.yuan"));
        BarChart<String, Number> chart = new BarChart<>(new CategoryAxis(), amounts);
        chart.setId(nodeId);
        chart.setTitle(chartTitle);
        chart.setAnimated(false);
        chart.getData().setAll(series);
        return chart;
    }

    /** Writes the report on screen as CSV or PDF into a chosen folder, in the background. */
    public void export(boolean asPdf) {
        Reports.Report report = shown;
        Kind k = shownKind;
        if (report == null) {
            message.setText(kit.texts().get("reports.showFirst"));
            return;
        }
        Optional<Path> folder = folderChooser.apply(root.getScene() == null ? null : root.getScene().getWindow());
        if (folder.isEmpty()) {
            return;
        }
        Path target = folder.get().resolve(fileName(k, report) + (asPdf ? ".pdf" : ".csv"));
        kit.tasks().run(kit.texts().get("reports.exporting"), () -> {
            if (asPdf) {
                PdfReports.write(report, target);
            } else {
                try {
                    Files.writeString(target, Reports.csv(report), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("the report could not be written to " + target, e);
                }
            }
            return target;
        }, written -> message.setText(kit.texts().get("reports.exported", written.toString())),
                failure -> message.setText(kit.line(failure)));
    }

    /** The kind and the title's period: {@code daily-2026-11-24}, {@code monthly-2026-11}, {@code stats-day-2026-11-24_2026-11-24}. */
    static String fileName(Kind k, Reports.Report report) {
        String period = report.title().substring(report.title().indexOf(' ') + 1).replace(" 至 ", "_").replace(' ', '_');
        return k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + period;
    }

    @Override
    public String id() {
        return "screen-reports";
    }

    @Override
    public String titleKey() {
        return "screen.reports";
    }

    @Override
    public Node view() {
        return root;
    }
}
