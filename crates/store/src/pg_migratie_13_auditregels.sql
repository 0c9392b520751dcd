-- Migration 13: the audit log in typed columns, beside the bytes its hash chain is made of.
--
-- Each entry keeps `data`, the bytes the chain hashes (as the embedded store keeps them), and
-- now also says in columns who did what to which record and why, so that a DBA or a BI tool
-- reads the log without loket: wie, handeling (a number, named in audit_handelingen),
-- onderwerp and onderwerp_id (named in audit_onderwerpen), reden, and for a checkpoint tot_nr
-- and hash; vorige is the hash of the entry before. loket.audit_schrijven, the one way in,
-- fills them. Entries from before this step are read by loket in the same transaction
-- (`audit_kolommen_vullen`); then a CHECK makes the database hold the columns to the bytes:
-- data = loket.audit_bytes(the columns). The view audit_regels shows the log with names.
-- Every statement here can run again (`loket herstel` reapplies the steps from 9 on).

SET LOCAL search_path = public;

CREATE TABLE IF NOT EXISTS audit_handelingen (nr smallint PRIMARY KEY, naam text NOT NULL UNIQUE);
INSERT INTO audit_handelingen (nr, naam) VALUES
    (0, 'bekeken'), (1, 'aangemaakt'), (2, 'gewijzigd'), (3, 'geexporteerd'), (4, 'gewist'),
    (5, 'gecorrigeerd'), (6, 'controlepunt'), (7, 'afgesloten'), (8, 'doorgezet'),
    (9, 'afspraak verzet'), (10, 'aanmelden mislukt'), (11, 'vergrendeld'), (12, 'geblokkeerd'),
    (13, 'vrijgegeven')
ON CONFLICT (nr) DO NOTHING;
CREATE TABLE IF NOT EXISTS audit_onderwerpen (nr smallint PRIMARY KEY, naam text NOT NULL UNIQUE);
INSERT INTO audit_onderwerpen (nr, naam) VALUES (0, 'contact'), (1, 'dossier'), (2, 'geen')
ON CONFLICT (nr) DO NOTHING;

ALTER TABLE audit_log
    ADD COLUMN IF NOT EXISTS wie text,
    ADD COLUMN IF NOT EXISTS handeling smallint REFERENCES audit_handelingen (nr),
    ADD COLUMN IF NOT EXISTS tot_nr bigint,
    ADD COLUMN IF NOT EXISTS hash bytea,
    ADD COLUMN IF NOT EXISTS onderwerp smallint REFERENCES audit_onderwerpen (nr),
    ADD COLUMN IF NOT EXISTS onderwerp_id bigint,
    ADD COLUMN IF NOT EXISTS reden text,
    ADD COLUMN IF NOT EXISTS vorige bytea;

CREATE OR REPLACE FUNCTION loket.audit_schrijven(
    p_op timestamp, p_wie text, p_handeling int, p_tot_nr bigint, p_hash bytea,
    p_soort int, p_id bigint, p_reden text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_kop bytea;
    v_nr bigint := 1;
    v_vorige bytea := decode(repeat('00', 32), 'hex');
    v_regel bytea;
BEGIN
    SELECT kop INTO v_kop FROM audit_kop WHERE id = 1 FOR UPDATE;
    IF octet_length(v_kop) = 40 THEN
        v_nr := ('x' || encode(substr(v_kop, 1, 8), 'hex'))::bit(64)::bigint + 1;
        v_vorige := substr(v_kop, 9, 32);
    END IF;
    v_regel := loket.audit_bytes(v_nr, p_op, coalesce(p_wie, ''), p_handeling, p_tot_nr, p_hash,
                                 p_soort, p_id, coalesce(p_reden, ''), v_vorige);
    INSERT INTO audit_log (nr, op, data, wie, handeling, tot_nr, hash, onderwerp, onderwerp_id, reden, vorige)
    VALUES (v_nr, p_op, v_regel, coalesce(p_wie, ''), p_handeling,
            CASE WHEN p_handeling = 6 THEN p_tot_nr END, CASE WHEN p_handeling = 6 THEN p_hash END,
            p_soort, CASE WHEN p_soort IN (0, 1) THEN p_id END, coalesce(p_reden, ''), v_vorige);
    UPDATE audit_kop SET kop = int8send(v_nr) || sha256(v_regel) WHERE id = 1;
    RETURN v_nr;
END
$$;
ALTER FUNCTION loket.audit_schrijven(timestamp, text, int, bigint, bytea, int, bigint, text) OWNER TO loket_eigenaar;
REVOKE ALL ON FUNCTION loket.audit_schrijven(timestamp, text, int, bigint, bytea, int, bigint, text) FROM PUBLIC;

-- the log with names, for the functioneel beheerder and the owner (the table's policies apply)
CREATE OR REPLACE VIEW audit_regels WITH (security_invoker = true) AS
    SELECT l.nr, l.op, l.wie, h.naam AS handeling, o.naam AS onderwerp, l.onderwerp_id, l.reden,
           l.tot_nr, l.hash, l.vorige
    FROM audit_log l
    LEFT JOIN audit_handelingen h ON h.nr = l.handeling
    LEFT JOIN audit_onderwerpen o ON o.nr = l.onderwerp;
ALTER VIEW audit_regels OWNER TO loket_eigenaar;
GRANT SELECT ON audit_regels TO loket_desk;

-- the two lists of names: owned by loket_eigenaar, read by everyone, changed by no desk
DO $do$
DECLARE
    tabel text;
BEGIN
    FOREACH tabel IN ARRAY ARRAY['audit_handelingen', 'audit_onderwerpen'] LOOP
        EXECUTE format('ALTER TABLE %I OWNER TO loket_eigenaar', tabel);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tabel);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tabel);
        EXECUTE format('DROP POLICY IF EXISTS %I ON %I', tabel || '_lezen', tabel);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (true)', tabel || '_lezen', tabel);
        EXECUTE format('DROP POLICY IF EXISTS %I ON %I', tabel || '_eigenaar', tabel);
        EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING ((SELECT loket.eigenaar())) WITH CHECK ((SELECT loket.eigenaar()))', tabel || '_eigenaar', tabel);
        EXECUTE format('GRANT SELECT ON %I TO loket_desk', tabel);
    END LOOP;
END
$do$;
