-- Migration 12: a worker changes their own PIN on the desks' login.
--
-- The desks' login (loket_desk) can't read or write account_pins; until now only the
-- functioneel beheerder's session set a PIN (loket.pin_zetten). loket.eigen_pin_wijzigen checks
-- the current PIN exactly as a sign-in does (loket.aanmelden_uitkomst: a wrong PIN counts
-- towards the lockout, shared by every desk, psql and the CLI, and is audited), then stores the
-- bcrypt hash of the new one and logs "eigen pincode" in the audit log. The session that the
-- check started is ended again: changing a PIN signs nobody in.
--
-- uitkomst: gewijzigd, onjuist, vergrendeld, geblokkeerd, pin_opnieuw (the database has no
-- hash of this account's PIN yet: the functioneel beheerder sets one), te_kort (under 6
-- characters; nothing checked, nothing counted).

SET LOCAL search_path = public;

CREATE OR REPLACE FUNCTION loket.eigen_pin_wijzigen(p_naam text, p_huidig text, p_nieuw text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_sleutel text := lower(btrim(coalesce(p_naam, ''), E' \t\r\n'));
    v_token text;
    v_uitkomst text;
    v_naam text;
BEGIN
    IF char_length(coalesce(p_nieuw, '')) < 6 THEN
        RETURN 'te_kort';
    END IF;
    SELECT token, uitkomst INTO v_token, v_uitkomst FROM loket.aanmelden_uitkomst(p_naam, p_huidig);
    IF v_uitkomst IS DISTINCT FROM 'aangemeld' THEN
        RETURN v_uitkomst;
    END IF;
    DELETE FROM sessies WHERE token_hash = sha256(convert_to(v_token, 'UTF8'));
    UPDATE account_pins SET bcrypt = crypt(p_nieuw, gen_salt('bf', 8)) WHERE sleutel = v_sleutel;
    SELECT coalesce(naam, sleutel) INTO v_naam FROM account_accounts WHERE sleutel = v_sleutel;
    -- Gewijzigd (2), about no record (soort 2), as the owner's path logs it
    PERFORM loket.audit_schrijven(localtimestamp, v_naam, 2, NULL, NULL, 2, NULL, 'eigen pincode');
    RETURN 'gewijzigd';
END
$$;
ALTER FUNCTION loket.eigen_pin_wijzigen(text, text, text) OWNER TO loket_eigenaar;
REVOKE ALL ON FUNCTION loket.eigen_pin_wijzigen(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION loket.eigen_pin_wijzigen(text, text, text) TO loket_desk;
