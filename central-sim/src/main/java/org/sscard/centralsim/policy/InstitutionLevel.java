package org.sscard.centralsim.policy;

/** The grade of a designated institution; it sets the pool fund's share of in-scope costs. */
public enum InstitutionLevel {
    LEVEL_1(8_000),
    LEVEL_2(7_000),
    LEVEL_3(6_000);

    private final int poolRatioBasisPoints;

    InstitutionLevel(int poolRatioBasisPoints) {
        this.poolRatioBasisPoints = poolRatioBasisPoints;
    }

    /** The pool fund's proportion in basis points (8,000 = 80 %). */
    public int poolRatioBasisPoints() {
        return poolRatioBasisPoints;
    }

    /** Level 1, 2 or 3. */
    public static InstitutionLevel of(int level) {
        return switch (level) {
            case 1 -> LEVEL_1;
            case 2 -> LEVEL_2;
            case 3 -> LEVEL_3;
            default -> throw new IllegalArgumentException("institution level must be 1, 2 or 3, got " + level);
        };
    }
}
