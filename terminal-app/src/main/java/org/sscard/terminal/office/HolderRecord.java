package org.sscard.terminal.office;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.CitizenId;

/**
 * The holder data the card office collects at issuance (DOMAIN §7, about 20 items), validated as a whole:
 * {@link #validate} reports every problem at once, each naming its field. Dates are {@code yyyy-MM-dd}.
 * {@link #toString()} masks the ID number and hides the name, phone and address.
 *
 * @param certno            citizen ID number (= social security number, EF06 tag 08), 18 characters, GB 11643 check
 * @param idType            identity document type: 01 resident ID card, 02 household register, 03 passport, 04 other
 * @param idValidUntil      expiry of the identity document (optional: long-term documents have none)
 * @param name              name in Chinese characters (at most 50 GBK bytes: 30 in EF06 tag 09, the rest in 4E)
 * @param sex               1 male, 2 female (must agree with the ID number)
 * @param ethnicity         GB 3304 code, 2 digits (01 Han)
 * @param nationality       ISO 3166 alpha-3 (CHN)
 * @param birthDate         must equal the ID number's birth date
 * @param birthplace        6-digit administrative code
 * @param personType        2 characters (11 employee, 12 retired employee, 21 resident …)
 * @param insuranceType     310 employee or 390 urban-rural resident
 * @param insuredRegion     6-digit administrative code where the person is insured
 * @param workStatus        1 employed, 2 retired, 3 not employed
 * @param employerCode      unified social credit code (18 characters); required for employee insurance (310)
 * @param employerName      required with an employer code
 * @param mobile            11-digit mobile number
 * @param address           postal address, at most 100 characters
 * @param postalCode        6 digits
 * @param guardianName      required when the holder is under 16
 * @param guardianCertno    the guardian's ID number, required with a guardian
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record HolderRecord(String certno, String idType, String idValidUntil, String name, String sex,
                           String ethnicity, String nationality, String birthDate, String birthplace,
                           String personType, String insuranceType, String insuredRegion, String workStatus,
                           String employerCode, String employerName, String mobile, String address,
                           String postalCode, String guardianName, String guardianCertno) {
    private static final Pattern REGION = Pattern.compile("[1-8][0-9]{5}");
    private static final Pattern CREDIT_CODE = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{18}");
    private static final Charset GBK = Charset.forName("GBK");

    /** Reads a holder file (JSON, snake_case field names as in the record's documentation). */
    public static HolderRecord read(Path file) {
        ObjectMapper mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return mapper.readValue(file.toFile(), HolderRecord.class);
        } catch (IOException e) {
            throw new CardOfficeException(Reason.HOLDER_FILE_UNREADABLE, file.getFileName(),
                    e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
        }
    }

    /** A field of the record (by its JSON name) that breaks its rule (in English). */
    public record Invalid(String field, String rule) {
        public Problem problem() {
            return Problem.of(Reason.HOLDER_FIELD_INVALID, field, rule);
        }
    }

    /** Every problem, field by field; empty when the record is complete and consistent. */
    public List<Invalid> problems(LocalDate today) {
        List<Invalid> p = new ArrayList<>();
        boolean certOk = CitizenId.isValid(certno);
        if (!certOk) {
            p.add(new Invalid("certno", "must be an 18-character ID number with a correct check character"));
        }
        require(p, "id_type", idType, "0[1-4]", "01 ID card, 02 household register, 03 passport or 04 other");
        if (idValidUntil != null) {
            LocalDate until = date(idValidUntil);
            if (until == null) {
                p.add(new Invalid("id_valid_until", "must be a date yyyy-MM-dd"));
            } else if (until.isBefore(today)) {
                p.add(new Invalid("id_valid_until", "the identity document has expired; ask for a valid one"));
            }
        }
        if (name == null || name.isBlank()) {
            p.add(new Invalid("name", "required"));
        } else if (name.getBytes(GBK).length > 50 || !GBK.newEncoder().canEncode(name)) {
            p.add(new Invalid("name", "at most 50 GBK bytes (about 25 Chinese characters), GBK characters only"));
        }
        require(p, "sex", sex, "[12]", "1 male or 2 female");
        require(p, "ethnicity", ethnicity, "[0-9]{2}", "2-digit GB 3304 code (01 Han)");
        require(p, "nationality", nationality, "[A-Z]{3}", "ISO 3166 alpha-3 code, e.g. CHN");
        LocalDate born = bornOn();
        if (born == null) {
            p.add(new Invalid("birth_date", "required, a date yyyy-MM-dd"));
        } else if (certOk && !born.equals(certBirthDate(certno))) {
            p.add(new Invalid("birth_date", "differs from the birth date in the ID number; check the document"));
        } else if (born.isAfter(today)) {
            p.add(new Invalid("birth_date", "in the future"));
        }
        if (certOk && sex != null && sex.matches("[12]")
                && ((certno.charAt(16) - '0') % 2 == 1) != "1".equals(sex)) {
            p.add(new Invalid("sex", "differs from the ID number (odd 17th digit = male)"));
        }
        require(p, "birthplace", birthplace, REGION.pattern(), "6-digit administrative code");
        require(p, "person_type", personType, "[0-9]{2}", "2 digits (11 employee, 12 retired, 21 resident …)");
        require(p, "insurance_type", insuranceType, "310|390", "310 employee or 390 resident");
        require(p, "insured_region", insuredRegion, REGION.pattern(), "6-digit administrative code");
        require(p, "work_status", workStatus, "[123]", "1 employed, 2 retired or 3 not employed");
        if ("310".equals(insuranceType) && employerCode == null) {
            p.add(new Invalid("employer_code", "required for employee insurance (310)"));
        }
        if (employerCode != null && !CREDIT_CODE.matcher(employerCode).matches()) {
            p.add(new Invalid("employer_code", "must be an 18-character unified social credit code"));
        }
        if (employerCode != null && (employerName == null || employerName.isBlank())) {
            p.add(new Invalid("employer_name", "required with an employer code"));
        }
        require(p, "mobile", mobile, "1[3-9][0-9]{9}", "11-digit mobile number");
        if (address == null || address.isBlank() || address.length() > 100) {
            p.add(new Invalid("address", "required, at most 100 characters"));
        }
        require(p, "postal_code", postalCode, "[0-9]{6}", "6 digits");
        boolean minor = born != null && Period.between(born, today).getYears() < 16;
        if (minor && (guardianName == null || guardianName.isBlank())) {
            p.add(new Invalid("guardian_name", "required for a holder under 16"));
        }
        if ((minor || guardianName != null) && !CitizenId.isValid(guardianCertno)) {
            p.add(new Invalid("guardian_certno", "the guardian's 18-character ID number with a correct check character"));
        }
        return p;
    }

    /** Throws a {@link CardOfficeException} listing every problem. */
    public HolderRecord validate(LocalDate today) {
        List<Invalid> p = problems(today);
        if (!p.isEmpty()) {
            throw new CardOfficeException(Reason.HOLDER_DATA_INVALID, p.stream().map(Invalid::problem).toList());
        }
        return this;
    }

    private static void require(List<Invalid> p, String field, String value, String regex, String rule) {
        if (value == null || !value.matches(regex)) {
            p.add(new Invalid(field, (value == null ? "required, " : "") + rule));
        }
    }

    /** The birth date, or null when missing or not a date. */
    public LocalDate bornOn() {
        return date(birthDate);
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalDate certBirthDate(String cert) {
        try {
            return LocalDate.parse(cert.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The ID number masked ({@link CitizenId#mask}). */
    public String maskedCertno() {
        return CitizenId.mask(certno);
    }

    @Override
    public String toString() {
        return "HolderRecord[certno=" + maskedCertno() + ", name=<hidden>, sex=" + sex + ", insurance_type="
                + insuranceType + ", insured_region=" + insuredRegion + "]";
    }
}
