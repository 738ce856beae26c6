package org.sscard.terminal.config;

import java.util.List;

/** The station configuration cannot be used; each problem names the setting ({@code central.url: must be https ...}). */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("the station configuration " + source + " is not usable:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
