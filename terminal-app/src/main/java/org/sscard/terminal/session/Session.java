package org.sscard.terminal.session;

import java.time.Instant;
import org.sscard.store.Role;
import org.sscard.terminal.link.Opter;

/** A logged-in operator: who, in which role, since when. */
public record Session(String operatorId, String displayName, Role role, Instant loggedInAt) {
    public Opter opter() {
        return new Opter(operatorId, displayName);
    }
}
