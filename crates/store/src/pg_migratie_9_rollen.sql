-- Migration 9: the database enforces the roles and keeps the audit log.
--
-- Run once, in one transaction, by `loket schema bijwerken` (or `loket init`) on the owner's
-- connection: a superuser, or a role that may create roles (it is made a member of
-- loket_eigenaar here). Desks afterwards log in as loket_desk, which owns nothing and reaches
-- the tables only through the row-level security policies below and the SECURITY DEFINER
-- functions in schema `loket`.
--
-- Roles and what each session sees (loket.rol() of the session token in the setting
-- `loket.sessie`, set by the desk after `loket.aanmelden`):
--
--   table               balie          clientondersteuner  beheerder-kaart  functioneel-beheerder
--   kaart (the map)     read           read                read, write      read   (also before sign-in)
--   kaart_beheer/-historie  -          -                   read, write      -
--   contacten (+ contact_links, contact_ruwe_invoer, contact_signaalvragen)
--                       read, write    read, write         -                -
--   opvolgingen         read, write    read, write         -                -
--   dossiers (+ dossier_notities, dossier_signalen)
--                       insert only    read, write         -                -
--   boekingen           read, insert   read, write         -                -
--   leefplannen         -              read, write         -                -
--   ondersteuners       read           read, write         read             read, write  (also before sign-in)
--   woordenlijsten      read           read                read             read, write  (also before sign-in)
--   account_accounts    -              -                   -                read, write (no PIN hash)
--   audit_log/audit_kop -              -                   -                read
--
-- Nobody but the definer functions writes the audit log, the failed sign-ins, the PIN hashes or
-- the sessions. A connection without a valid session sees the map and its reference lists (the
-- supporters and their hours, the word lists) and nothing else.

-- Unqualified names are loket's tables in schema public, also for an owner role named `loket`
-- (whose "$user" schema would otherwise be the schema `loket` made below).
SET LOCAL search_path = public;

-- 1. Roles (per cluster, so made only when missing; another database of the same cluster may
--    be making them at the same moment). Accounts stay rows: no role per worker, and no role
--    loket makes may create roles.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['loket_eigenaar', 'loket_desk', 'loket_rapportage'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
                RAISE EXCEPTION 'de rol % ontbreekt en % mag geen rollen maken', r, current_user
                    USING HINT = 'laat de DBA eerst uitvoeren: CREATE ROLE loket_eigenaar NOLOGIN; CREATE ROLE loket_desk LOGIN; '
                              || 'CREATE ROLE loket_rapportage LOGIN; GRANT loket_eigenaar TO ' || quote_ident(current_user)
                              || '; (zie de installatiehandleiding, "Rollen in de database")';
            END IF;
            BEGIN
                EXECUTE format('CREATE ROLE %I %s NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS',
                               r, CASE r WHEN 'loket_eigenaar' THEN 'NOLOGIN' ELSE 'LOGIN' END);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- made by another database's migration just now
            END;
        END IF;
    END LOOP;
    -- the desks' and the reports' logins must be subject to the policies
    IF EXISTS (SELECT 1 FROM pg_roles
               WHERE rolname IN ('loket_desk', 'loket_rapportage')
                 AND (rolsuper OR rolbypassrls OR rolcreaterole)) THEN
        RAISE EXCEPTION 'de rol loket_desk of loket_rapportage mag geen superuser zijn, geen BYPASSRLS en geen CREATEROLE hebben';
    END IF;
    IF pg_has_role('loket_desk', 'loket_eigenaar', 'MEMBER') THEN
        RAISE EXCEPTION 'de rol loket_desk mag geen lid zijn van loket_eigenaar';
    END IF;
    -- an owner connection that is no superuser acts as loket_eigenaar through membership
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       AND NOT pg_has_role(current_user, 'loket_eigenaar', 'MEMBER') THEN
        IF NOT (SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            RAISE EXCEPTION '% is geen lid van loket_eigenaar', current_user
                USING HINT = 'laat de DBA eerst uitvoeren: GRANT loket_eigenaar TO ' || quote_ident(current_user);
        END IF;
        EXECUTE format('GRANT loket_eigenaar TO %I', current_user);
    END IF;
END
$$;

-- bcrypt (crypt, gen_salt) and random tokens (gen_random_bytes)
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- 2. Every table belongs to loket_eigenaar (so do the tables of earlier steps); an owner must
--    be allowed to create in the tables' schema.
GRANT USAGE, CREATE ON SCHEMA public TO loket_eigenaar;
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('ALTER TABLE public.%I OWNER TO loket_eigenaar', t);
    END LOOP;
END
$$;
ALTER SEQUENCE contact_id OWNER TO loket_eigenaar;
ALTER SEQUENCE dossier_id OWNER TO loket_eigenaar;

CREATE SCHEMA IF NOT EXISTS loket AUTHORIZATION loket_eigenaar;
CREATE SCHEMA IF NOT EXISTS rapportage AUTHORIZATION loket_eigenaar;
-- (made by whoever restored a dump without owners: loket_eigenaar's again)
ALTER SCHEMA loket OWNER TO loket_eigenaar;
ALTER SCHEMA rapportage OWNER TO loket_eigenaar;
REVOKE ALL ON SCHEMA loket, rapportage FROM PUBLIC;
GRANT USAGE ON SCHEMA loket TO loket_desk;
GRANT USAGE ON SCHEMA rapportage TO loket_rapportage;

-- 3. Accounts: the columns the policies and sign-in need beside the stored record. The desk
--    fills naam, rol and geblokkeerd of existing accounts in this same transaction (it decodes
--    the stored record); every later write keeps them.
ALTER TABLE account_accounts
    ADD COLUMN IF NOT EXISTS naam text,
    ADD COLUMN IF NOT EXISTS rol text,
    ADD COLUMN IF NOT EXISTS geblokkeerd boolean NOT NULL DEFAULT false;

-- The PIN as a bcrypt hash that only the definer functions read. NULL (or no row): the PIN is
-- to be set again ("PIN opnieuw instellen"): the argon2 hashes of before this step can't be
-- checked inside PostgreSQL. A sign-in on an owner connection that checks the argon2 hash, or a
-- new PIN set by the functioneel beheerder, fills it in.
CREATE TABLE IF NOT EXISTS account_pins (
    sleutel text PRIMARY KEY REFERENCES account_accounts (sleutel) ON DELETE CASCADE,
    bcrypt text
);
ALTER TABLE account_pins OWNER TO loket_eigenaar;

-- A signed-in session: only the hash of its token is kept.
CREATE TABLE IF NOT EXISTS sessies (
    token_hash bytea PRIMARY KEY,
    sleutel text NOT NULL REFERENCES account_accounts (sleutel) ON DELETE CASCADE,
    rol text NOT NULL,
    verloopt timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS sessies_per_account ON sessies (sleutel);
ALTER TABLE sessies OWNER TO loket_eigenaar;

-- Settings (rows of meta): failed sign-ins before an account locks; a session's lifetime; the
-- least age in months of audit entries a desk may prune.
INSERT INTO meta (sleutel, waarde)
VALUES ('aanmelden_max_pogingen', 5), ('sessie_minuten', 600), ('auditlog_minimum_maanden', 12)
ON CONFLICT (sleutel) DO NOTHING;

-- 4. Who is asking.

-- Is the current role loket_eigenaar (or a member, or a superuser)? True inside the definer
-- functions below, which run as loket_eigenaar: the policies let them through.
CREATE OR REPLACE FUNCTION loket.eigenaar() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, 'loket_eigenaar', 'USAGE')
$$;

-- Is the login of this connection the owner (an owner connection, not a desk)? For the checks
-- inside definer functions, where current_user is always loket_eigenaar.
CREATE OR REPLACE FUNCTION loket.eigenaar_verbinding() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(session_user, 'loket_eigenaar', 'USAGE')
$$;

-- The session of the token in the setting loket.sessie: account key, name and role. No row
-- when the token is missing, unknown or expired, or its account is blocked.
CREATE OR REPLACE FUNCTION loket.sessie(OUT sleutel text, OUT naam text, OUT rol text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT s.sleutel, coalesce(a.naam, a.sleutel), s.rol
    FROM sessies s JOIN account_accounts a ON a.sleutel = s.sleutel
    WHERE s.token_hash = sha256(convert_to(nullif(current_setting('loket.sessie', true), ''), 'UTF8'))
      AND s.verloopt > now()
      AND NOT a.geblokkeerd
$$;

-- The role of this connection's session (NULL: none, and then it sees only the map).
CREATE OR REPLACE FUNCTION loket.rol() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT rol FROM loket.sessie()
$$;

-- In a policy: may the current role see or change this table? The owner may; a session only
-- with one of `rollen`.
CREATE OR REPLACE FUNCTION loket.mag(VARIADIC rollen text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT loket.eigenaar() OR coalesce(loket.rol() = ANY (rollen), false)
$$;

-- Inside a definer function: may the caller do this? An owner connection may; a desk only with
-- a session of one of `rollen`.
CREATE OR REPLACE FUNCTION loket.aanroeper_mag(VARIADIC rollen text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT loket.eigenaar_verbinding() OR coalesce(loket.rol() = ANY (rollen), false)
$$;

-- 5. The audit log, kept by the database. An entry is stored as the desk's codec writes a
--    `Regel` (crates/store/src/audit.rs): format byte 2, version 1 (u16 big-endian), then
--    bincode 2 (standard configuration: variable-length integers) of
--    nr, op (chrono's text), wie, handeling (variant number, and for a checkpoint tot_nr and
--    hash), onderwerp (variant number, and the id of a contact or dossier), reden, vorige (the
--    SHA-256 of the stored bytes of the entry before; 32 zero bytes before entry 1).
--    The head (audit_kop) is the last entry's number (8 bytes big-endian) and hash.
--    `loket audit --controleer` checks the chain; tests/pg_rollen.rs compares these bytes with
--    the desk's own encoding.

-- Little-endian bytes of n, `breedte` of them.
CREATE OR REPLACE FUNCTION loket.le_bytes(n bigint, breedte int) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT string_agg(set_byte('\x00'::bytea, 0, ((n >> (8 * i)) & 255)::int), ''::bytea ORDER BY i)
    FROM generate_series(0, breedte - 1) AS i
$$;

-- bincode 2's variable-length unsigned integer: below 251 one byte; else a marker byte
-- (251: u16, 252: u32, 253: u64) and the number little-endian.
CREATE OR REPLACE FUNCTION loket.bincode_getal(n bigint) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE
        WHEN n < 251 THEN set_byte('\x00'::bytea, 0, n::int)
        WHEN n < 65536 THEN '\xfb'::bytea || loket.le_bytes(n, 2)
        WHEN n < 4294967296 THEN '\xfc'::bytea || loket.le_bytes(n, 4)
        ELSE '\xfd'::bytea || loket.le_bytes(n, 8)
    END
$$;

-- bincode 2's string: its length in bytes, then UTF-8.
CREATE OR REPLACE FUNCTION loket.bincode_tekst(s text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT loket.bincode_getal(octet_length(convert_to(s, 'UTF8'))) || convert_to(s, 'UTF8')
$$;

-- A timestamp as chrono writes it (2026-12-07T10:15:00, with .mmm or .uuuuuu when not whole).
CREATE OR REPLACE FUNCTION loket.chrono_tekst(t timestamp) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS') || CASE
        WHEN us = 0 THEN ''
        WHEN us % 1000 = 0 THEN '.' || lpad((us / 1000)::text, 3, '0')
        ELSE '.' || lpad(us::text, 6, '0')
    END
    FROM (SELECT extract(microseconds FROM t)::bigint % 1000000 AS us) AS f
$$;

-- The stored bytes of one entry. handeling: the variant number of audit::Handeling (6 is a
-- checkpoint, with tot_nr and hash); soort: 0 contact, 1 dossier, 2 none (id unused).
CREATE OR REPLACE FUNCTION loket.audit_bytes(
    nr bigint, op timestamp, wie text, handeling int, tot_nr bigint, hash bytea,
    soort int, id bigint, reden text, vorige bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT '\x020001'::bytea
        || loket.bincode_getal(nr)
        || loket.bincode_tekst(loket.chrono_tekst(op))
        || loket.bincode_tekst(wie)
        || loket.bincode_getal(handeling)
        || CASE WHEN handeling = 6 THEN loket.bincode_getal(tot_nr) || hash ELSE ''::bytea END
        || loket.bincode_getal(soort)
        || CASE WHEN soort IN (0, 1) THEN loket.bincode_getal(id) ELSE ''::bytea END
        || loket.bincode_tekst(reden)
        || vorige
$$;

-- Append one entry after the head, in the caller's transaction; its number. The head row is
-- locked, so appends from every desk follow one another.
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
    INSERT INTO audit_log (nr, op, data) VALUES (v_nr, p_op, v_regel);
    UPDATE audit_kop SET kop = int8send(v_nr) || sha256(v_regel) WHERE id = 1;
    RETURN v_nr;
END
$$;

-- What desks call to log an event (never a checkpoint). On a desk's session the database
-- vouches for who and when: the session's account and the database's clock; an owner
-- connection (import, the CLI as today) gives both.
CREATE OR REPLACE FUNCTION loket.audit_toevoegen(
    p_op timestamp, p_wie text, p_handeling int, p_soort int, p_id bigint, p_reden text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_wie text;
BEGIN
    IF p_handeling IS NULL OR p_handeling = 6 OR p_handeling NOT BETWEEN 0 AND 13
       OR p_soort IS NULL OR p_soort NOT BETWEEN 0 AND 2 THEN
        RAISE EXCEPTION 'ongeldige auditregel (handeling %, onderwerp %)', p_handeling, p_soort;
    END IF;
    IF loket.eigenaar_verbinding() THEN
        RETURN loket.audit_schrijven(p_op, p_wie, p_handeling, NULL, NULL, p_soort, p_id, p_reden);
    END IF;
    SELECT naam INTO v_wie FROM loket.sessie();
    IF v_wie IS NULL THEN
        RAISE EXCEPTION 'niet aangemeld: geen geldige sessie' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN loket.audit_schrijven(localtimestamp, v_wie, p_handeling, NULL, NULL, p_soort, p_id, p_reden);
END
$$;

-- Retention of the log: remove the entries from before p_grens (always a prefix: up to the
-- first entry that is not older) and append a checkpoint carrying the hash of the last removed
-- entry, so the entries that stay can still be checked. The number removed.
CREATE OR REPLACE FUNCTION loket.audit_opschonen(
    p_grens timestamp, p_op timestamp, p_wie text, p_soort int, p_id bigint, p_reden text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_stop bigint;
    v_nr bigint;
    v_data bytea;
    v_weg bigint;
BEGIN
    IF NOT loket.aanroeper_mag('functioneel-beheerder') THEN
        RAISE EXCEPTION 'alleen een functioneel beheerder schoont het auditlog op' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT loket.eigenaar_verbinding() THEN
        SELECT naam INTO p_wie FROM loket.sessie();
        p_op := localtimestamp;
        -- a desk never prunes recent entries (meta 'auditlog_minimum_maanden', default 12)
        IF p_grens > localtimestamp - make_interval(months => coalesce(
                (SELECT waarde FROM meta WHERE sleutel = 'auditlog_minimum_maanden'), 12)::int) THEN
            RAISE EXCEPTION 'het auditlog wordt niet opgeschoond tot zo kort geleden (%)', p_grens
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    PERFORM 1 FROM audit_kop WHERE id = 1 FOR UPDATE;
    SELECT min(nr) INTO v_stop FROM audit_log WHERE op >= p_grens;
    SELECT nr, data INTO v_nr, v_data FROM audit_log
    WHERE op < p_grens AND (v_stop IS NULL OR nr < v_stop) ORDER BY nr DESC LIMIT 1;
    IF v_nr IS NULL THEN
        RETURN 0;
    END IF;
    DELETE FROM audit_log WHERE nr <= v_nr;
    GET DIAGNOSTICS v_weg = ROW_COUNT;
    PERFORM loket.audit_schrijven(p_op, p_wie, 6, v_nr, sha256(v_data), p_soort, p_id, p_reden);
    RETURN v_weg;
END
$$;

-- 6. Sessions.

-- Sign in: check the PIN against its bcrypt hash, count a failure for every desk, psql and the
-- CLI alike (locked after meta 'aanmelden_max_pogingen', default 5), audit failures and the
-- lock, and on success start a session. uitkomst: aangemeld (token set), onjuist, vergrendeld,
-- geblokkeerd, pin_opnieuw (no bcrypt hash yet: the functioneel beheerder sets a new PIN).
CREATE OR REPLACE FUNCTION loket.aanmelden_uitkomst(p_naam text, p_pin text, OUT token text, OUT uitkomst text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_sleutel text := lower(btrim(coalesce(p_naam, ''), E' \t\r\n'));
    v_max bigint := coalesce((SELECT waarde FROM meta WHERE sleutel = 'aanmelden_max_pogingen'), 5);
    v_minuten bigint := coalesce((SELECT waarde FROM meta WHERE sleutel = 'sessie_minuten'), 600);
    v_naam text;
    v_rol text;
    v_geblokkeerd boolean;
    v_bcrypt text;
    v_fouten bigint;
    v_nu timestamp := localtimestamp;
BEGIN
    -- one sign-in of an account at a time: the count can't be raced past the limit
    PERFORM pg_advisory_xact_lock(hashtext('loket.aanmelden:' || v_sleutel));
    SELECT coalesce(naam, sleutel), rol, geblokkeerd INTO v_naam, v_rol, v_geblokkeerd
    FROM account_accounts WHERE sleutel = v_sleutel;
    IF NOT FOUND THEN
        -- as slow as a real check; what was typed is not logged (it may be a PIN)
        PERFORM crypt(coalesce(p_pin, ''), gen_salt('bf', 8));
        PERFORM loket.audit_schrijven(v_nu, '', 10, NULL, NULL, 2, NULL, 'onbekende naam');
        uitkomst := 'onjuist';
        RETURN;
    END IF;
    v_fouten := coalesce((SELECT waarde FROM meta WHERE sleutel = 'aanmeldfouten:' || v_sleutel), 0);
    IF v_fouten >= v_max THEN
        PERFORM crypt(coalesce(p_pin, ''), gen_salt('bf', 8));
        PERFORM loket.audit_schrijven(v_nu, v_naam, 10, NULL, NULL, 2, NULL, 'account vergrendeld');
        uitkomst := 'vergrendeld';
        RETURN;
    END IF;
    SELECT bcrypt INTO v_bcrypt FROM account_pins WHERE sleutel = v_sleutel;
    IF v_bcrypt IS NULL THEN
        uitkomst := 'pin_opnieuw';
        RETURN;
    END IF;
    IF crypt(coalesce(p_pin, ''), v_bcrypt) IS DISTINCT FROM v_bcrypt THEN
        INSERT INTO meta (sleutel, waarde) VALUES ('aanmeldfouten:' || v_sleutel, 1)
        ON CONFLICT (sleutel) DO UPDATE SET waarde = meta.waarde + 1
        RETURNING waarde INTO v_fouten;
        PERFORM loket.audit_schrijven(v_nu, v_naam, 10, NULL, NULL, 2, NULL, '');
        IF v_fouten >= v_max THEN
            PERFORM loket.audit_schrijven(v_nu, v_naam, 11, NULL, NULL, 2, NULL,
                                          format('%s mislukte aanmeldingen', v_max));
            uitkomst := 'vergrendeld';
        ELSE
            uitkomst := 'onjuist';
        END IF;
        RETURN;
    END IF;
    IF v_geblokkeerd THEN
        uitkomst := 'geblokkeerd';
        RETURN;
    END IF;
    DELETE FROM meta WHERE sleutel = 'aanmeldfouten:' || v_sleutel;
    DELETE FROM sessies WHERE verloopt <= now();  -- housekeeping: expired sessions of anyone
    token := encode(gen_random_bytes(32), 'hex');
    INSERT INTO sessies (token_hash, sleutel, rol, verloopt)
    VALUES (sha256(convert_to(token, 'UTF8')), v_sleutel, v_rol, now() + make_interval(mins => v_minuten::int));
    uitkomst := 'aangemeld';
END
$$;

-- Sign in: the session token, or NULL when the sign-in failed.
CREATE OR REPLACE FUNCTION loket.aanmelden(naam text, pin text) RETURNS text
LANGUAGE sql AS $$
    SELECT token FROM loket.aanmelden_uitkomst(naam, pin)
$$;

-- End this connection's session.
CREATE OR REPLACE FUNCTION loket.afmelden() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DELETE FROM sessies
    WHERE token_hash = sha256(convert_to(nullif(current_setting('loket.sessie', true), ''), 'UTF8'))
$$;

-- Set an account's PIN (bcrypt): the functioneel beheerder, or an owner connection.
CREATE OR REPLACE FUNCTION loket.pin_zetten(p_naam text, p_pin text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_sleutel text := lower(btrim(coalesce(p_naam, ''), E' \t\r\n'));
BEGIN
    IF NOT loket.aanroeper_mag('functioneel-beheerder') THEN
        RAISE EXCEPTION 'alleen een functioneel beheerder zet een pincode' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF char_length(coalesce(p_pin, '')) < 6 THEN
        RAISE EXCEPTION 'de pincode of het wachtwoord is te kort: minstens 6 tekens';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM account_accounts WHERE sleutel = v_sleutel) THEN
        RAISE EXCEPTION 'er is geen account met de naam %', btrim(p_naam) USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO account_pins (sleutel, bcrypt) VALUES (v_sleutel, crypt(p_pin, gen_salt('bf', 8)))
    ON CONFLICT (sleutel) DO UPDATE SET bcrypt = excluded.bcrypt;
END
$$;

-- The failed sign-ins of an account since its last success or release: for the functioneel
-- beheerder (the list of accounts); 0 for anyone else.
CREATE OR REPLACE FUNCTION loket.aanmeldfouten(p_sleutel text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN loket.aanroeper_mag('functioneel-beheerder')
        THEN coalesce((SELECT waarde FROM meta WHERE sleutel = 'aanmeldfouten:' || p_sleutel), 0)
        ELSE 0 END
$$;

-- Release an account locked after failed sign-ins: the functioneel beheerder.
CREATE OR REPLACE FUNCTION loket.vrijgeven(p_sleutel text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT loket.aanroeper_mag('functioneel-beheerder') THEN
        RAISE EXCEPTION 'alleen een functioneel beheerder geeft een account vrij' USING ERRCODE = 'insufficient_privilege';
    END IF;
    DELETE FROM meta WHERE sleutel = 'aanmeldfouten:' || p_sleutel;
END
$$;

-- Blocking an account ends its sessions (the next statement of its desk sees nothing).
CREATE OR REPLACE FUNCTION loket.sessies_van_geblokkeerde_beeindigen() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM sessies WHERE sleutel = NEW.sleutel;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS geblokkeerd_beeindigt_sessies ON account_accounts;
CREATE TRIGGER geblokkeerd_beeindigt_sessies
    AFTER UPDATE OF geblokkeerd ON account_accounts
    FOR EACH ROW WHEN (NEW.geblokkeerd) EXECUTE FUNCTION loket.sessies_van_geblokkeerde_beeindigen();

-- Every function in schema loket belongs to loket_eigenaar; nobody runs one unless granted below.
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'loket'::regnamespace LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO loket_eigenaar', f);
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION
    loket.eigenaar(), loket.eigenaar_verbinding(), loket.sessie(), loket.rol(), loket.mag(text[]),
    loket.aanroeper_mag(text[]),
    loket.aanmelden_uitkomst(text, text), loket.aanmelden(text, text), loket.afmelden(),
    loket.pin_zetten(text, text), loket.aanmeldfouten(text), loket.vrijgeven(text),
    loket.audit_toevoegen(timestamp, text, int, int, bigint, text),
    loket.audit_opschonen(timestamp, timestamp, text, int, bigint, text)
TO loket_desk;

-- 7. Row-level security: on (ENABLE), for the owner too (FORCE; the owner's policies let the
--    definer functions and owner connections through). Policies of one command are OR-ed.
--    `(SELECT loket.mag(...))` is evaluated once per statement, not per row. (Each policy is
--    dropped first: this step may run again where its record in loket_schema was lost.)

-- the map: everyone reads it, before sign-in too; the beheerder sociale kaart changes it
ALTER TABLE kaart ENABLE ROW LEVEL SECURITY;
ALTER TABLE kaart FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kaart_lezen ON kaart;
CREATE POLICY kaart_lezen ON kaart FOR SELECT USING (true);
DROP POLICY IF EXISTS kaart_schrijven ON kaart;
CREATE POLICY kaart_schrijven ON kaart FOR ALL
    USING ((SELECT loket.mag('beheerder-kaart'))) WITH CHECK ((SELECT loket.mag('beheerder-kaart')));
GRANT SELECT, INSERT, UPDATE, DELETE ON kaart TO loket_desk;

ALTER TABLE kaart_beheer ENABLE ROW LEVEL SECURITY;
ALTER TABLE kaart_beheer FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kaart_beheer_rol ON kaart_beheer;
CREATE POLICY kaart_beheer_rol ON kaart_beheer FOR ALL
    USING ((SELECT loket.mag('beheerder-kaart'))) WITH CHECK ((SELECT loket.mag('beheerder-kaart')));
GRANT SELECT, INSERT, UPDATE, DELETE ON kaart_beheer TO loket_desk;

ALTER TABLE kaart_historie ENABLE ROW LEVEL SECURITY;
ALTER TABLE kaart_historie FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kaart_historie_rol ON kaart_historie;
CREATE POLICY kaart_historie_rol ON kaart_historie FOR ALL
    USING ((SELECT loket.mag('beheerder-kaart'))) WITH CHECK ((SELECT loket.mag('beheerder-kaart')));
GRANT SELECT, INSERT ON kaart_historie TO loket_desk;
GRANT USAGE ON SEQUENCE kaart_historie_id_seq TO loket_desk;

-- meta: the map's version and count are read by everyone and changed with the map; the BSN key
-- is registered by whoever stores the first BSN; failed sign-ins and settings: owner only
ALTER TABLE meta ENABLE ROW LEVEL SECURITY;
ALTER TABLE meta FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS meta_lezen ON meta;
CREATE POLICY meta_lezen ON meta FOR SELECT
    USING (sleutel IN ('kaart_versie', 'kaart_aantal', 'kaart_geseed', 'bsn_sleutel') OR (SELECT loket.eigenaar()));
DROP POLICY IF EXISTS meta_schrijven ON meta;
CREATE POLICY meta_schrijven ON meta FOR ALL
    USING ((SELECT loket.eigenaar())
           OR (sleutel LIKE 'kaart\_%' AND (SELECT loket.mag('beheerder-kaart')))
           OR (sleutel = 'bsn_sleutel' AND (SELECT loket.mag('balie', 'clientondersteuner'))))
    WITH CHECK ((SELECT loket.eigenaar())
           OR (sleutel LIKE 'kaart\_%' AND (SELECT loket.mag('beheerder-kaart')))
           OR (sleutel = 'bsn_sleutel' AND (SELECT loket.mag('balie', 'clientondersteuner'))));
GRANT SELECT, INSERT, UPDATE ON meta TO loket_desk;

-- contacts (personal): balie and cliëntondersteuner
ALTER TABLE contacten ENABLE ROW LEVEL SECURITY;
ALTER TABLE contacten FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS contacten_rol ON contacten;
CREATE POLICY contacten_rol ON contacten FOR ALL
    USING ((SELECT loket.mag('balie', 'clientondersteuner')))
    WITH CHECK ((SELECT loket.mag('balie', 'clientondersteuner')));
GRANT SELECT, INSERT, UPDATE, DELETE ON contacten TO loket_desk;
GRANT USAGE, SELECT ON SEQUENCE contact_id TO loket_desk;

ALTER TABLE opvolgingen ENABLE ROW LEVEL SECURITY;
ALTER TABLE opvolgingen FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS opvolgingen_rol ON opvolgingen;
CREATE POLICY opvolgingen_rol ON opvolgingen FOR ALL
    USING ((SELECT loket.mag('balie', 'clientondersteuner')))
    WITH CHECK ((SELECT loket.mag('balie', 'clientondersteuner')));
GRANT SELECT, INSERT, UPDATE, DELETE ON opvolgingen TO loket_desk;

-- dossiers (personal, with the notes): the cliëntondersteuner; the balie only makes one (a
-- handoff) and never reads one
ALTER TABLE dossiers ENABLE ROW LEVEL SECURITY;
ALTER TABLE dossiers FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS dossiers_rol ON dossiers;
CREATE POLICY dossiers_rol ON dossiers FOR ALL
    USING ((SELECT loket.mag('clientondersteuner'))) WITH CHECK ((SELECT loket.mag('clientondersteuner')));
DROP POLICY IF EXISTS dossiers_overdracht ON dossiers;
CREATE POLICY dossiers_overdracht ON dossiers FOR INSERT WITH CHECK ((SELECT loket.mag('balie')));
GRANT SELECT, INSERT, UPDATE, DELETE ON dossiers TO loket_desk;
GRANT USAGE, SELECT ON SEQUENCE dossier_id TO loket_desk;

-- the rows of a contact (links, raw input, answers to the signal questions) follow their
-- contact; the notes and signals of a dossier follow their dossier (the balie writes those of a
-- dossier it makes, and reads none)
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['contact_links', 'contact_ruwe_invoer', 'contact_signaalvragen'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS %I ON %I', t || '_rol', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING ((SELECT loket.mag(''balie'', ''clientondersteuner''))) '
                       'WITH CHECK ((SELECT loket.mag(''balie'', ''clientondersteuner'')))', t || '_rol', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO loket_desk', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['dossier_notities', 'dossier_signalen'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS %I ON %I', t || '_rol', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING ((SELECT loket.mag(''clientondersteuner''))) '
                       'WITH CHECK ((SELECT loket.mag(''clientondersteuner'')))', t || '_rol', t);
        EXECUTE format('DROP POLICY IF EXISTS %I ON %I', t || '_overdracht', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT WITH CHECK ((SELECT loket.mag(''balie'')))',
                       t || '_overdracht', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO loket_desk', t);
    END LOOP;
END
$$;

-- records schema step 8 could not read: kept for the DBA (owner only; no policy, no grant)
ALTER TABLE onleesbaar ENABLE ROW LEVEL SECURITY;
ALTER TABLE onleesbaar FORCE ROW LEVEL SECURITY;

-- bookings (a supporter's times, with the dossier's number): the cliëntondersteuner; the balie
-- reads them to find a free time and books one at a handoff
ALTER TABLE boekingen ENABLE ROW LEVEL SECURITY;
ALTER TABLE boekingen FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS boekingen_rol ON boekingen;
CREATE POLICY boekingen_rol ON boekingen FOR ALL
    USING ((SELECT loket.mag('clientondersteuner'))) WITH CHECK ((SELECT loket.mag('clientondersteuner')));
DROP POLICY IF EXISTS boekingen_balie_lezen ON boekingen;
CREATE POLICY boekingen_balie_lezen ON boekingen FOR SELECT USING ((SELECT loket.mag('balie')));
DROP POLICY IF EXISTS boekingen_balie_boeken ON boekingen;
CREATE POLICY boekingen_balie_boeken ON boekingen FOR INSERT WITH CHECK ((SELECT loket.mag('balie')));
GRANT SELECT, INSERT, UPDATE, DELETE ON boekingen TO loket_desk;

-- plans (personal): the cliëntondersteuner
ALTER TABLE leefplannen ENABLE ROW LEVEL SECURITY;
ALTER TABLE leefplannen FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS leefplannen_rol ON leefplannen;
CREATE POLICY leefplannen_rol ON leefplannen FOR ALL
    USING ((SELECT loket.mag('clientondersteuner'))) WITH CHECK ((SELECT loket.mag('clientondersteuner')));
GRANT SELECT, INSERT, UPDATE, DELETE ON leefplannen TO loket_desk;

-- the supporters and their availability (workers, no residents): read by every desk, before
-- sign-in too (a desk loads them when it starts); the cliëntondersteuner and the functioneel
-- beheerder change them
ALTER TABLE ondersteuners ENABLE ROW LEVEL SECURITY;
ALTER TABLE ondersteuners FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS ondersteuners_lezen ON ondersteuners;
CREATE POLICY ondersteuners_lezen ON ondersteuners FOR SELECT USING (true);
DROP POLICY IF EXISTS ondersteuners_schrijven ON ondersteuners;
CREATE POLICY ondersteuners_schrijven ON ondersteuners FOR ALL
    USING ((SELECT loket.mag('clientondersteuner', 'functioneel-beheerder')))
    WITH CHECK ((SELECT loket.mag('clientondersteuner', 'functioneel-beheerder')));
GRANT SELECT, INSERT, UPDATE, DELETE ON ondersteuners TO loket_desk;

-- word lists (danger words, synonyms; no personal data): read by every desk, before sign-in
-- too; the functioneel beheerder changes them
ALTER TABLE woordenlijsten ENABLE ROW LEVEL SECURITY;
ALTER TABLE woordenlijsten FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS woordenlijsten_lezen ON woordenlijsten;
CREATE POLICY woordenlijsten_lezen ON woordenlijsten FOR SELECT USING (true);
DROP POLICY IF EXISTS woordenlijsten_schrijven ON woordenlijsten;
CREATE POLICY woordenlijsten_schrijven ON woordenlijsten FOR ALL
    USING ((SELECT loket.mag('functioneel-beheerder'))) WITH CHECK ((SELECT loket.mag('functioneel-beheerder')));
GRANT SELECT, INSERT, UPDATE ON woordenlijsten TO loket_desk;

-- accounts: the functioneel beheerder, never the stored record with its argon2 hash
ALTER TABLE account_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_accounts FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS accounts_rol ON account_accounts;
CREATE POLICY accounts_rol ON account_accounts FOR ALL
    USING ((SELECT loket.mag('functioneel-beheerder'))) WITH CHECK ((SELECT loket.mag('functioneel-beheerder')));
GRANT SELECT (sleutel, naam, rol, geblokkeerd) ON account_accounts TO loket_desk;
GRANT INSERT (sleutel, data, naam, rol, geblokkeerd) ON account_accounts TO loket_desk;
-- (not the stored record: it holds the argon2 hash an owner connection signs in with)
GRANT UPDATE (geblokkeerd) ON account_accounts TO loket_desk;

-- PIN hashes and sessions: the definer functions only (no grant to any login)
ALTER TABLE account_pins ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_pins FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS account_pins_eigenaar ON account_pins;
CREATE POLICY account_pins_eigenaar ON account_pins FOR ALL
    USING ((SELECT loket.eigenaar())) WITH CHECK ((SELECT loket.eigenaar()));
ALTER TABLE sessies ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessies FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS sessies_eigenaar ON sessies;
CREATE POLICY sessies_eigenaar ON sessies FOR ALL
    USING ((SELECT loket.eigenaar())) WITH CHECK ((SELECT loket.eigenaar()));

-- the audit log: the functioneel beheerder reads it; only loket.audit_toevoegen and
-- loket.audit_opschonen write it (no INSERT, UPDATE or DELETE is granted to any login)
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS audit_log_lezen ON audit_log;
CREATE POLICY audit_log_lezen ON audit_log FOR SELECT USING ((SELECT loket.mag('functioneel-beheerder')));
DROP POLICY IF EXISTS audit_log_eigenaar ON audit_log;
CREATE POLICY audit_log_eigenaar ON audit_log FOR ALL
    USING ((SELECT loket.eigenaar())) WITH CHECK ((SELECT loket.eigenaar()));
GRANT SELECT ON audit_log TO loket_desk;
ALTER TABLE audit_kop ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_kop FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS audit_kop_lezen ON audit_kop;
CREATE POLICY audit_kop_lezen ON audit_kop FOR SELECT USING ((SELECT loket.mag('functioneel-beheerder')));
DROP POLICY IF EXISTS audit_kop_eigenaar ON audit_kop;
CREATE POLICY audit_kop_eigenaar ON audit_kop FOR ALL
    USING ((SELECT loket.eigenaar())) WITH CHECK ((SELECT loket.eigenaar()));
GRANT SELECT ON audit_kop TO loket_desk;

-- which schema steps are applied: a desk checks it when it connects
GRANT SELECT ON loket_schema TO loket_desk;

-- 8. Reports: loket_rapportage reads counts only, never a record; the views of schema
--    `rapportage` are made by step 11 (pg_migratie_11_rapportage.sql).
