-- Shift closes: an operator's shift at a station ended (the station's audit entry shift.close).
CREATE TABLE shift_close (
    institution_code  TEXT NOT NULL,
    device_number     TEXT NOT NULL,
    operator_id       TEXT NOT NULL,
    closed_at         TIMESTAMPTZ NOT NULL,
    replicated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (institution_code, device_number, operator_id, closed_at),
    FOREIGN KEY (institution_code, device_number) REFERENCES station (institution_code, device_number)
);
