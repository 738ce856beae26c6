package org.sscard.terminal.link;

/** The operator a request is sent for ({@code opter}, {@code opter_name}). */
public record Opter(String id, String name) {
    public Opter {
        if (id == null || id.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("a request needs the operator's id and name");
        }
    }
}
