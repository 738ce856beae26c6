package org.sscard.terminal.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The station's departments and doctors, as a registration (2201) and a fee upload (2204) name them: each department
 * code with its name and 科别 ({@code caty}, C(6)), each doctor's name with the doctor's code ({@code atddr_no},
 * {@code bilg_dr_codg}). Set in the station file as {@code department.<code>=<name>,<科别>} and
 * {@code doctor.<code>=<name>}; a file without any keeps {@link #DEFAULTS}.
 */
public record Departments(Map<String, Department> byCode, Map<String, String> doctorCodeByName) {
    /** One department: its name ({@code dept_name}, C(100)) and 科别 ({@code caty}). */
    public record Department(String code, String name, String caty) {
    }

    /**
     * The counter's default department for a visit (OUTPATIENT, 普通门诊, 科别 A02 全科医疗科) and for a sale (PHARMACY,
     * 药房, A99 其他), with the default doctors 门诊医生 and 药师: demonstration values for a station whose file
     * names none.
     */
    public static final Departments DEFAULTS = new Departments(
            Map.of("OUTPATIENT", new Department("OUTPATIENT", "普通门诊", "A02"),
                    "PHARMACY", new Department("PHARMACY", "药房", "A99")),
            Map.of("门诊医生", "DR-OUTPATIENT", "药师", "DR-PHARMACY"));

    public Departments {
        byCode = Map.copyOf(byCode);
        doctorCodeByName = Map.copyOf(doctorCodeByName);
    }

    public Optional<Department> department(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Optional<String> doctorCode(String name) {
        return Optional.ofNullable(doctorCodeByName.get(name));
    }

    /** Builds the catalog from the file's entries, in the file's order; used by {@link StationConfigLoader}. */
    static Departments of(Map<String, Department> departments, Map<String, String> doctors) {
        return departments.isEmpty() && doctors.isEmpty() ? DEFAULTS
                : new Departments(new LinkedHashMap<>(departments), new LinkedHashMap<>(doctors));
    }
}
