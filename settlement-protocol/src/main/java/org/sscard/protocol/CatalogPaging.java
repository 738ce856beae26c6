package org.sscard.protocol;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What the catalogue downloads 1312, 1318 and 1319 share: the paged input ({@code updt_time}, {@code page_num},
 * {@code page_size}), the paging members of their answers (directly under {@code output}, camelCase, as OH reads
 * them; all optional when read) and the audit block of their rows.
 */
public final class CatalogPaging {
    /** {@code page_num} and {@code page_size} are N(4). */
    public static final long MAX_PAGE = 9_999;
    /** The most rows one answer carries: a page of 1,000 rows stays well inside the 1 MiB body limit. */
    public static final long MAX_PAGE_ROWS = 1_000;

    private CatalogPaging() {
    }

    static void validateInput(Fields f, String queryDate, String updtTime, Long pageNum, Long pageSize) {
        if (queryDate != null) {
            f.date("query_date", queryDate);
        }
        f.date("updt_time", updtTime);
        f.positive("page_num", pageNum, MAX_PAGE);
        f.positive("page_size", pageSize, MAX_PAGE);
    }

    /** The paging members, each optional (a platform may send none); {@code data} required, perhaps empty. */
    static void validateOutput(Fields f, Long pageNum, Long pageSize, Long recordCounts, Long pages, Long firstPage,
            Long lastPage, Long size, Long startRow, List<? extends Validated> data) {
        String[] names = {"pageNum", "pageSize", "recordCounts", "pages", "firstPage", "lastPage", "size", "startRow"};
        Long[] values = {pageNum, pageSize, recordCounts, pages, firstPage, lastPage, size, startRow};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null) {
                f.range(names[i], values[i], 0, Long.MAX_VALUE);
            }
        }
        f.optionalList("data", data, (int) MAX_PAGE);
    }

    /**
     * The audit block: {@code rid}, {@code updt_time} and {@code crte_time} required. The tables type the times as
     * dates (D); a date-time is read too and means its day ({@link #day}).
     */
    static void validateAudit(Fields f, String rid, String updtTime, String crterId, String crterName,
            String crteTime, String crteOptinsNo, String opterId, String opterName, String optTime, String optinsNo,
            String poolareaNo) {
        f.text("rid", rid, 40);
        day(f, "updt_time", updtTime);
        f.optionalText("crter_id", crterId, 20);
        f.optionalText("crter_name", crterName, 50);
        day(f, "crte_time", crteTime);
        f.optionalText("crte_optins_no", crteOptinsNo, 20);
        f.optionalText("opter_id", opterId, 20);
        f.optionalText("opter_name", opterName, 50);
        if (optTime != null) {
            day(f, "opt_time", optTime);
        }
        f.optionalText("optins_no", optinsNo, 20);
        f.optionalText("poolarea_no", poolareaNo, 6);
    }

    /** The begin date (required) and end date (optional) of a row. */
    static void validatePeriod(Fields f, String begndate, String enddate) {
        day(f, "begndate", begndate);
        if (enddate != null) {
            day(f, "enddate", enddate);
        }
    }

    /** A required date {@code yyyy-MM-dd}, or a date-time {@code yyyy-MM-dd HH:mm:ss} read as its day. */
    static LocalDate day(Fields f, String name, String value) {
        f.required(name, value);
        LocalDate d = dayOrNull(value);
        if (d == null) {
            throw f.invalid(name, "must be a date yyyy-MM-dd");
        }
        return d;
    }

    /** The day a row's date member names: {@code 2025-03-14} and {@code 2025-03-14 08:00:00} are both 2025-03-14. */
    public static LocalDate day(String value) {
        LocalDate d = dayOrNull(value);
        if (d == null) {
            throw new IllegalArgumentException("not a date: " + value);
        }
        return d;
    }

    private static LocalDate dayOrNull(String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value, Fields.DATE)
                    : LocalDateTime.parse(value, Fields.DATE_TIME).toLocalDate();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
