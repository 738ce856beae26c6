-- What a visit was begun with, as columns of its row: the credential type (mdtrt_cert_type, national code list: '03'
-- 社会保障卡, '01' 医保电子凭证) and, for a 医保码, the person number the visit is bound to (in clear, as the audit log
-- names a 医保码 holder; a card visit's holder stays in its sealed 2204). A resume asks for the same kind of credential
-- of the same person. Rows of earlier versions were begun with the card unless their registration's audit entry
-- (visit.register, written in the same write as the row, at the row's created_at; detail "med_type=<code>
-- ecode:<psn_no>" for a 医保码) says otherwise: those are carried over here, once.
ALTER TABLE visit ADD COLUMN mdtrt_cert_type TEXT NOT NULL DEFAULT '03' CHECK (mdtrt_cert_type IN ('01', '02', '03'));
ALTER TABLE visit ADD COLUMN psn_no TEXT CHECK (psn_no IS NULL OR mdtrt_cert_type = '01'); -- 医保码 visits only

WITH registration AS (
    SELECT v.mdtrt_id, (SELECT a.detail FROM audit_log a
                        WHERE a.at = v.created_at AND a.action = 'visit.register' AND a.subject = v.mdtrt_id
                        ORDER BY a.seq DESC LIMIT 1) AS detail
    FROM visit v
)
UPDATE visit SET mdtrt_cert_type = '01', psn_no = substr(r.detail, instr(r.detail, ' ecode:') + length(' ecode:'))
FROM registration r
WHERE r.mdtrt_id = visit.mdtrt_id AND instr(r.detail, ' ecode:') > 0;
