package org.sscard.crypto;

/**
 * Names a key held by a security module: its type, level, region and version. The region is a
 * 6-digit administrative division code: {@code 000000} at national level, {@code xx0000} for a
 * province, {@code xxxx00} (or any code within the province) for a city, the station's code for local keys.
 */
public record KeyRef(KeyType type, KeyLevel level, String region, int version) {
    public static final String NATIONAL_REGION = "000000";

    public KeyRef {
        if (type == null || level == null || region == null) {
            throw new CryptoException("a key reference needs a type, a level and a region");
        }
        if (!Regions.isAdminCode(region)) {
            throw new CryptoException("region must be a 6-digit administrative code, got '" + region + "'");
        }
        if (version < 0 || version > 255) {
            throw new CryptoException("key version must be 0..255, got " + version);
        }
        if (type.hierarchical() == (level == KeyLevel.LOCAL)) {
            throw new CryptoException(type + " keys " + (type.hierarchical()
                    ? "belong to the national/province/city hierarchy" : "are local to the station"));
        }
        switch (level) {
            case NATIONAL:
                if (!region.equals(NATIONAL_REGION)) {
                    throw new CryptoException("a national key has region 000000, got " + region);
                }
                break;
            case PROVINCE:
                if (!region.equals(Regions.provinceOf(region))) {
                    throw new CryptoException("a province key's region ends in 0000, got " + region);
                }
                break;
            case CITY:
                if (region.endsWith("0000") || !region.equals(Regions.cityOf(region))) {
                    throw new CryptoException("a city key's region is a city code (xxxx00), got " + region);
                }
                break;
            default:
                break;
        }
    }

    public static KeyRef national(KeyType type, int version) {
        return new KeyRef(type, KeyLevel.NATIONAL, NATIONAL_REGION, version);
    }

    public static KeyRef province(KeyType type, String provinceCode, int version) {
        return new KeyRef(type, KeyLevel.PROVINCE, provinceCode, version);
    }

    public static KeyRef city(KeyType type, String cityCode, int version) {
        return new KeyRef(type, KeyLevel.CITY, cityCode, version);
    }

    public static KeyRef local(KeyType type, String stationRegion, int version) {
        return new KeyRef(type, KeyLevel.LOCAL, stationRegion, version);
    }

    /** True if a card issued in {@code adminCode} can have its keys derived from this key. */
    public boolean covers(String adminCode) {
        switch (level) {
            case NATIONAL:
                return true;
            case PROVINCE:
                return Regions.provinceOf(adminCode).equals(region);
            case CITY:
                return Regions.cityOf(adminCode).equals(region);
            default:
                return false;
        }
    }

    @Override
    public String toString() {
        return type + "/" + level.lowerName() + "/" + region + "/v" + version;
    }
}
