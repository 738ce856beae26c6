package org.sscard.protocol;

import java.util.regex.Pattern;

/** 9001 sign-in: the operator signs in and receives the {@code sign_no} every later request carries. */
public final class SignIn {
    private static final Pattern MAC = Pattern.compile("[0-9A-F]{2}([-:][0-9A-F]{2}){5}");
    private static final Pattern IP = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
                    + "|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private SignIn() {
    }

    /**
     * {@code opter_no} C(20); {@code mac} optional (SZ requires it; we always send it): the station's MAC address,
     * upper-case hex pairs separated by - or :; {@code ip}: IPv4 or IPv6 (the table's C(20) holds no IPv6 address, so
     * up to 45 characters).
     */
    public record Input(String opterNo, String mac, String ip) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.text("opter_no", opterNo, 20);
            f.optionalPattern("mac", mac, MAC, "must be a MAC address such as 00-1A-2B-3C-4D-5E");
            f.pattern("ip", ip, IP, "must be an IPv4 or IPv6 address");
            if (ip.length() > 45) {
                throw f.invalid("ip", "at most 45 characters");
            }
        }
    }

    public record Output(String signTime, String signNo) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.dateTime("sign_time", signTime);
            f.text("sign_no", signNo, 30);
        }
    }
}
