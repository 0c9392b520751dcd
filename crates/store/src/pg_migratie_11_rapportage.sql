-- Migration 11: the reporting schema `rapportage` for a municipality's BI tool.
--
-- Counts per month, never a row of a person, read with the login loket_rapportage (which sees
-- nothing else). Small numbers are suppressed as `loket rapport` suppresses them
-- (crates/domain/src/rapport.rs, `afschermen`): a count above 0 and under the threshold is
-- shown as "<N"; and where a month has exactly one such cell, the smallest other count above 0
-- (the first in the table's order when two are equal) is hidden too ("x"), so that the small
-- one can't be recovered from the month's total. The threshold is the meta row
-- `rapport_drempel` (5 unless the functioneel beheerder sets another on the owner's connection).
--
-- Each view is a SECURITY DEFINER function of the owner: the reporting login reads the counts,
-- never the tables. Columns: maand (first day), code, volgorde (the table's order), aantal
-- (NULL when suppressed), weergave ("12", "<5" or "x").

SET LOCAL search_path = public;

INSERT INTO meta (sleutel, waarde) VALUES ('rapport_drempel', 5) ON CONFLICT (sleutel) DO NOTHING;

-- One table of counts, suppressed: `basis` gives (maand, code, volgorde, n) with n > 0.
CREATE OR REPLACE FUNCTION rapportage.afschermen(basis jsonb,
    OUT maand date, OUT code text, OUT volgorde integer, OUT aantal bigint, OUT weergave text)
RETURNS SETOF record
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    WITH d AS (
        SELECT greatest(coalesce((SELECT waarde FROM meta WHERE sleutel = 'rapport_drempel'), 5), 1) AS d
    ), t AS (
        SELECT (r->>'maand')::date AS maand, r->>'code' AS code, (r->>'volgorde')::int AS volgorde,
               (r->>'n')::bigint AS n
        FROM jsonb_array_elements(basis) AS r
    ), m AS (
        SELECT t.*, (t.n > 0 AND t.n < d.d) AS klein, d.d FROM t, d
    ), een AS (
        SELECT maand FROM m GROUP BY maand HAVING count(*) FILTER (WHERE klein) = 1
    ), secundair AS (
        SELECT DISTINCT ON (m.maand) m.maand, m.code
        FROM m JOIN een USING (maand)
        WHERE NOT m.klein AND m.n > 0
        ORDER BY m.maand, m.n, m.volgorde
    )
    SELECT m.maand, m.code, m.volgorde,
           CASE WHEN m.klein OR s.code IS NOT NULL THEN NULL ELSE m.n END,
           CASE WHEN m.klein THEN '<' || m.d WHEN s.code IS NOT NULL THEN 'x' ELSE m.n::text END
    FROM m LEFT JOIN secundair s ON s.maand = m.maand AND s.code = m.code
    ORDER BY m.maand, m.volgorde
$$;
ALTER FUNCTION rapportage.afschermen(jsonb) OWNER TO loket_eigenaar;
REVOKE ALL ON FUNCTION rapportage.afschermen(jsonb) FROM PUBLIC;

-- Contacts per month (of their start) and channel.
CREATE OR REPLACE FUNCTION rapportage.contacten_per_kanaal_tellen(
    OUT maand date, OUT code text, OUT volgorde integer, OUT aantal bigint, OUT weergave text)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM rapportage.afschermen((
        SELECT coalesce(jsonb_agg(jsonb_build_object('maand', maand, 'code', code, 'volgorde', volgorde, 'n', n)), '[]')
        FROM (SELECT date_trunc('month', start)::date AS maand, kanaal AS code,
                     array_position(ARRAY['telefoon', 'balie', 'email', 'huisbezoek'], kanaal) AS volgorde,
                     count(*) AS n
              FROM contacten WHERE NOT gewist GROUP BY 1, 2, 3) b))
$$;

-- Contacts per month and life domain (a contact counts once in each of its domains).
CREATE OR REPLACE FUNCTION rapportage.contacten_per_levensdomein_tellen(
    OUT maand date, OUT code text, OUT volgorde integer, OUT aantal bigint, OUT weergave text)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM rapportage.afschermen((
        SELECT coalesce(jsonb_agg(jsonb_build_object('maand', maand, 'code', code, 'volgorde', volgorde, 'n', n)), '[]')
        FROM (SELECT date_trunc('month', c.start)::date AS maand, d AS code,
                     array_position(ARRAY['wonen', 'zorg', 'welzijn', 'financien', 'werk_inkomen',
                         'opvoeding_jeugd', 'veiligheid', 'vervoer', 'mantelzorg'], d) AS volgorde,
                     count(*) AS n
              FROM contacten c, unnest(c.levensdomeinen) AS d WHERE NOT c.gewist GROUP BY 1, 2, 3) b))
$$;

-- Closed contacts per month and how they were handled.
CREATE OR REPLACE FUNCTION rapportage.contacten_per_afhandeling_tellen(
    OUT maand date, OUT code text, OUT volgorde integer, OUT aantal bigint, OUT weergave text)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM rapportage.afschermen((
        SELECT coalesce(jsonb_agg(jsonb_build_object('maand', maand, 'code', code, 'volgorde', volgorde, 'n', n)), '[]')
        FROM (SELECT date_trunc('month', start)::date AS maand, afhandeling AS code,
                     array_position(ARRAY['informatie_gegeven', 'verwezen_naar_aanbieder', 'formulier_meegegeven',
                         'terugbelverzoek', 'backoffice', 'melding_wmo', 'geen_passend_aanbod',
                         'verwezen_crisisdienst'], afhandeling) AS volgorde,
                     count(*) AS n
              FROM contacten WHERE afhandeling IS NOT NULL AND NOT gewist GROUP BY 1, 2, 3) b))
$$;

-- Dossiers per month (of their making) and route.
CREATE OR REPLACE FUNCTION rapportage.dossiers_per_route_tellen(
    OUT maand date, OUT code text, OUT volgorde integer, OUT aantal bigint, OUT weergave text)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM rapportage.afschermen((
        SELECT coalesce(jsonb_agg(jsonb_build_object('maand', maand, 'code', code, 'volgorde', volgorde, 'n', n)), '[]')
        FROM (SELECT date_trunc('month', aangemaakt)::date AS maand, route AS code,
                     array_position(ARRAY['clientondersteuning', 'wmo_melding', 'wijkteam'], route) AS volgorde,
                     count(*) AS n
              FROM dossiers WHERE NOT gewist GROUP BY 1, 2, 3) b))
$$;

-- Contacts per month and status. (A development build's step 9 made a view of this name that
-- left out groups under 5 only: replaced.)
DROP VIEW IF EXISTS rapportage.contacten_per_maand;
DROP FUNCTION IF EXISTS rapportage.contacten_per_maand_tellen();
CREATE OR REPLACE FUNCTION rapportage.contacten_per_maand_tellen(
    OUT maand date, OUT code text, OUT volgorde integer, OUT aantal bigint, OUT weergave text)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM rapportage.afschermen((
        SELECT coalesce(jsonb_agg(jsonb_build_object('maand', maand, 'code', code, 'volgorde', volgorde, 'n', n)), '[]')
        FROM (SELECT date_trunc('month', start)::date AS maand, status AS code,
                     array_position(ARRAY['concept', 'afgesloten'], status) AS volgorde, count(*) AS n
              FROM contacten WHERE NOT gewist GROUP BY 1, 2, 3) b))
$$;

DO $$
DECLARE
    v text;
BEGIN
    FOREACH v IN ARRAY ARRAY['contacten_per_maand', 'contacten_per_kanaal', 'contacten_per_levensdomein', 'contacten_per_afhandeling',
                             'dossiers_per_route'] LOOP
        EXECUTE format('ALTER FUNCTION rapportage.%I() OWNER TO loket_eigenaar', v || '_tellen');
        EXECUTE format('REVOKE ALL ON FUNCTION rapportage.%I() FROM PUBLIC', v || '_tellen');
        EXECUTE format('GRANT EXECUTE ON FUNCTION rapportage.%I() TO loket_rapportage', v || '_tellen');
        EXECUTE format('CREATE OR REPLACE VIEW rapportage.%I AS SELECT * FROM rapportage.%I()', v, v || '_tellen');
        EXECUTE format('ALTER VIEW rapportage.%I OWNER TO loket_eigenaar', v);
        EXECUTE format('GRANT SELECT ON rapportage.%I TO loket_rapportage', v);
    END LOOP;
END
$$;
