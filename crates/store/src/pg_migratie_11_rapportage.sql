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

-- The views: (name, the month of, the code, the codes in the table's order, the rows counted).
-- A contact counts once in each of its life domains; closed contacts only by handling.
-- (A development build's step 9 made contacten_per_maand leaving out groups under 5 only:
-- replaced.)
DROP VIEW IF EXISTS rapportage.contacten_per_maand;
DROP FUNCTION IF EXISTS rapportage.contacten_per_maand_tellen();
DO $$
DECLARE
    v record;
BEGIN
    FOR v IN SELECT * FROM (VALUES
        ('contacten_per_maand', 'start', 'status', '{concept,afgesloten}',
         'contacten WHERE NOT gewist'),
        ('contacten_per_kanaal', 'start', 'kanaal', '{telefoon,balie,email,huisbezoek}',
         'contacten WHERE NOT gewist'),
        ('contacten_per_levensdomein', 'c.start', 'd',
         '{wonen,zorg,welzijn,financien,werk_inkomen,opvoeding_jeugd,veiligheid,vervoer,mantelzorg}',
         'contacten c, unnest(c.levensdomeinen) AS d WHERE NOT c.gewist'),
        ('contacten_per_afhandeling', 'start', 'afhandeling',
         '{informatie_gegeven,verwezen_naar_aanbieder,formulier_meegegeven,terugbelverzoek,backoffice,melding_wmo,geen_passend_aanbod,verwezen_crisisdienst}',
         'contacten WHERE afhandeling IS NOT NULL AND NOT gewist'),
        ('dossiers_per_route', 'aangemaakt', 'route', '{clientondersteuning,wmo_melding,wijkteam}',
         'dossiers WHERE NOT gewist')
    ) AS t (naam, datum, code, codes, rijen) LOOP
        EXECUTE format($f$
            CREATE OR REPLACE FUNCTION rapportage.%I(
                OUT maand date, OUT code text, OUT volgorde integer, OUT aantal bigint, OUT weergave text)
            RETURNS SETOF record
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $body$
                SELECT * FROM rapportage.afschermen((
                    SELECT coalesce(jsonb_agg(jsonb_build_object(
                        'maand', maand, 'code', code, 'volgorde', volgorde, 'n', n)), '[]')
                    FROM (SELECT date_trunc('month', %s)::date AS maand, %s AS code,
                                 array_position(%L::text[], %s) AS volgorde, count(*) AS n
                          FROM %s GROUP BY 1, 2, 3) b))
            $body$ $f$, v.naam || '_tellen', v.datum, v.code, v.codes, v.code, v.rijen);
        EXECUTE format('ALTER FUNCTION rapportage.%I() OWNER TO loket_eigenaar', v.naam || '_tellen');
        EXECUTE format('REVOKE ALL ON FUNCTION rapportage.%I() FROM PUBLIC', v.naam || '_tellen');
        EXECUTE format('GRANT EXECUTE ON FUNCTION rapportage.%I() TO loket_rapportage', v.naam || '_tellen');
        EXECUTE format('CREATE OR REPLACE VIEW rapportage.%I AS SELECT * FROM rapportage.%I()', v.naam, v.naam || '_tellen');
        EXECUTE format('ALTER VIEW rapportage.%I OWNER TO loket_eigenaar', v.naam);
        EXECUTE format('GRANT SELECT ON rapportage.%I TO loket_rapportage', v.naam);
    END LOOP;
END
$$;
