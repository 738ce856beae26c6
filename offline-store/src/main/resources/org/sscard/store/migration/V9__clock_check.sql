-- The station clock's offset from the central service's, measured at the last sign-in (9001) that carried the
-- central time, as a typed row instead of the tab-joined station-state key state.link.clock_check ("<offset ms>\t
-- <station time yyyy-MM-dd HH:mm:ss>", in clear), which is carried over here and removed.
CREATE TABLE clock_check (
    station      INTEGER PRIMARY KEY CHECK (station = 1),
    offset_ms    INTEGER NOT NULL,    -- station time minus central time, milliseconds (positive: the station is ahead)
    station_time TEXT NOT NULL        -- the station's local time of the answer, ISO yyyy-MM-ddTHH:mm:ss
);

INSERT INTO clock_check (station, offset_ms, station_time)
SELECT 1, CAST(substr(value, 1, instr(value, char(9)) - 1) AS INTEGER),
       replace(substr(value, instr(value, char(9)) + 1), ' ', 'T')
FROM setting
WHERE key = 'state.link.clock_check' AND instr(value, char(9)) > 1;
DELETE FROM setting WHERE key = 'state.link.clock_check';
