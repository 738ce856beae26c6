package org.sscard.terminal.ui.screens;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.sscard.values.CitizenId;

/**
 * The card holder for 人证卡相符 (person, ID and card match): name, sex, birth date and the ID number masked,
 * filled by the card-reading workflow; {@link #confirmedProperty()} is set when the operator confirms the person
 * in front of him is the card's holder.
 */
public final class HolderViewModel {
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty sex = new SimpleStringProperty("");
    private final StringProperty birthDate = new SimpleStringProperty("");
    private final StringProperty maskedId = new SimpleStringProperty("");
    private final BooleanProperty present = new SimpleBooleanProperty(false);
    private final BooleanProperty confirmed = new SimpleBooleanProperty(false);

    /** Shows a holder; only the masked form of {@code idNumber} ({@link CitizenId#mask}) is kept. */
    public void show(String holderName, String holderSex, String holderBirthDate, String idNumber) {
        name.set(holderName);
        sex.set(holderSex);
        birthDate.set(holderBirthDate);
        maskedId.set(CitizenId.mask(idNumber));
        confirmed.set(false);
        present.set(true);
    }

    public void clear() {
        name.set("");
        sex.set("");
        birthDate.set("");
        maskedId.set("");
        confirmed.set(false);
        present.set(false);
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty sexProperty() {
        return sex;
    }

    public StringProperty birthDateProperty() {
        return birthDate;
    }

    public StringProperty maskedIdProperty() {
        return maskedId;
    }

    public BooleanProperty presentProperty() {
        return present;
    }

    public BooleanProperty confirmedProperty() {
        return confirmed;
    }
}
