package org.sscard.store;

/** Operator roles, each with the least privilege its work needs. Only administrators change configuration. */
public enum Role {
    CASHIER, PHARMACIST, CARD_CLERK, SUPERVISOR, ADMINISTRATOR, AUDITOR;

    public boolean changesConfiguration() {
        return this == ADMINISTRATOR;
    }
}
