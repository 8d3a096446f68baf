"""Staff accounts have one authority: the central database.

A desk login may read staff but never write it itself: a trigger refuses its INSERT and UPDATE
on ``staff`` (the only exception is the very first administrator of an empty system). Staff
changes reach the central database through ``oncopos_staff_apply``, a SECURITY DEFINER function
that checks the acting administrator's password against the central verifier (pgcrypto's
``crypt()`` with bcrypt, in ``central_admin_verifiers``, which desks cannot read; a verifier is
kept for every password set through it, so a person may also change their own), then writes the
staff row, its change-log entry and an entry in ``central_staff_events`` in one transaction.
The app's own password hashes (Argon2) stay what desks sign in with; the bcrypt verifier exists
so that PostgreSQL itself can check who is acting.

Desks apply staff only as pulled from the central database (desk.py): what a desk changes in its
own file is overwritten by the central copy at its next sync and never reaches another desk.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.people import Staff
from oncopos.domain.errors import UserFacingError
from oncopos.domain.messages import Message, msg

SYNC_LOCK_KEY = 0x0C0_5E0A  # the central sync lock (central.py): staff changes queue with pushes
# What a staff change decides; the rest of the row (sign-in failures, lock) is each desk's own.
AUTHORITY_COLUMNS = ("username", "display_name", "role", "password_hash", "active")
_RANK = {"registrar": 1, "manager": 2, "admin": 3}


def only_restricts(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether a staff change only takes authority away (deactivates, lowers the role): a desk may
    send that on its own, since it cannot raise anyone; anything else needs an administrator."""
    same = all(before[name] == after.get(name) for name in ("username", "display_name", "password_hash"))
    lower = _RANK.get(str(after.get("role")), 99) <= _RANK.get(str(before["role"]), 0)
    return same and lower and (bool(before["active"]) or not after.get("active"))

_SETUP = """
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TABLE IF NOT EXISTS central_admin_verifiers (
    username varchar(64) PRIMARY KEY,
    verifier text NOT NULL,
    set_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS central_staff_events (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    login name NOT NULL DEFAULT session_user,
    acting_admin varchar(64),
    staff_id uuid NOT NULL,
    details jsonb NOT NULL
);

CREATE OR REPLACE FUNCTION oncopos_is_desk_login(who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT FROM central_desks WHERE role_name = who)
$$;

-- Not SECURITY DEFINER: current_user is the desk's login when it writes staff itself, and the
-- owner inside oncopos_staff_apply.
CREATE OR REPLACE FUNCTION oncopos_staff_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
BEGIN
    IF NOT oncopos_is_desk_login(current_user) THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.role = 'admin' AND NOT EXISTS (SELECT FROM staff) THEN
        RETURN NEW;  -- the first administrator of an empty system
    END IF;
    IF TG_OP = 'INSERT' AND EXISTS (SELECT FROM staff WHERE id = NEW.id) THEN
        RETURN NEW;  -- an upsert of an existing account: its UPDATE is checked below when it fires
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.username = OLD.username AND NEW.password_hash = OLD.password_hash
       AND NEW.display_name = OLD.display_name AND (OLD.active OR NOT NEW.active)
       AND array_position(ARRAY['registrar', 'manager', 'admin'], NEW.role::text)
           <= array_position(ARRAY['registrar', 'manager', 'admin'], OLD.role::text) THEN
        RETURN NEW;  -- only takes authority away (a deactivation, a lower role): safe from any desk
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = 'staff accounts change on the central database only through an administrator''s authenticated action';
END
$$;
DROP TRIGGER IF EXISTS staff_one_authority ON staff;
CREATE TRIGGER staff_one_authority BEFORE INSERT OR UPDATE OR DELETE ON staff
    FOR EACH ROW EXECUTE FUNCTION oncopos_staff_guard();

CREATE OR REPLACE FUNCTION oncopos_staff_apply(admin_username text, admin_password text, change jsonb,
                                               new_password text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    incoming staff%ROWTYPE := jsonb_populate_record(NULL::staff, change);
    held staff%ROWTYPE;
    acting staff%ROWTYPE;
    stored text;
    next_version integer;
BEGIN
    PERFORM pg_advisory_xact_lock({lock});
    IF EXISTS (SELECT FROM staff) THEN
        SELECT * INTO acting FROM staff WHERE username = admin_username;
        SELECT verifier INTO stored FROM central_admin_verifiers WHERE username = admin_username;
        IF acting.id IS NULL OR stored IS NULL OR admin_password IS NULL OR crypt(admin_password, stored) <> stored
           OR NOT acting.active THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'staff change refused by the central database: '
                    || 'the password is wrong, or this account may not make the change';
        END IF;
        IF acting.role <> 'admin' AND (acting.id <> incoming.id OR incoming.username <> acting.username
                                       OR incoming.role <> acting.role OR incoming.active IS DISTINCT FROM acting.active) THEN
            -- anyone may change their own password (they proved the current one); nothing else
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'staff change refused by the central database: '
                    || 'the password is wrong, or this account may not make the change';
        END IF;
    ELSIF incoming.role <> 'admin' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'the first account of the central database must be an administrator';
    END IF;
    SELECT * INTO held FROM staff WHERE id = incoming.id;
    next_version := coalesce(held.version, 0) + 1;
    INSERT INTO staff AS s (id, version, origin_workstation, created_at, updated_at, username, display_name, role,
                           password_hash, active, failed_logins, locked_until)
    VALUES (incoming.id, next_version, coalesce(oncopos_desk_workstation(), 'CENTRAL'),
            coalesce(held.created_at, incoming.created_at, now()), now(), incoming.username, incoming.display_name,
            incoming.role, incoming.password_hash, coalesce(incoming.active, true), 0, NULL)
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
        username = EXCLUDED.username, display_name = EXCLUDED.display_name, role = EXCLUDED.role,
        password_hash = EXCLUDED.password_hash, active = EXCLUDED.active;
    IF new_password IS NOT NULL THEN
        INSERT INTO central_admin_verifiers (username, verifier, set_at)
        VALUES (incoming.username, crypt(new_password, gen_salt('bf', 10)), now())
        ON CONFLICT (username) DO UPDATE SET verifier = EXCLUDED.verifier, set_at = EXCLUDED.set_at;
    END IF;
    INSERT INTO central_changes (table_name, row_id, version, workstation_id, pushed_version, recorded_at)
    VALUES ('staff', incoming.id, next_version, 'CENTRAL', next_version, now());
    INSERT INTO central_staff_events (acting_admin, staff_id, details)
    VALUES (CASE WHEN acting.id IS NULL THEN NULL ELSE admin_username END, incoming.id,
            jsonb_build_object('username', incoming.username, 'role', incoming.role, 'active', incoming.active,
                               'version', next_version, 'password_changed',
                               held.id IS NULL OR held.password_hash IS DISTINCT FROM incoming.password_hash));
    RETURN next_version;
END
$$;

CREATE OR REPLACE FUNCTION oncopos_set_admin_verifier(admin_username text, admin_password text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO central_admin_verifiers (username, verifier, set_at)
    VALUES (admin_username, crypt(admin_password, gen_salt('bf', 10)), now())
    ON CONFLICT (username) DO UPDATE SET verifier = EXCLUDED.verifier, set_at = EXCLUDED.set_at
$$;
"""

_GRANTS = """
REVOKE ALL ON central_admin_verifiers FROM {group};
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON central_staff_events FROM {group};
REVOKE EXECUTE ON FUNCTION oncopos_set_admin_verifier(text, text) FROM PUBLIC;
"""


def staff_setup_script(schema: str, group: str) -> tuple[str, str]:
    return _SETUP.format(schema=schema, lock=SYNC_LOCK_KEY), _GRANTS.format(group=group)


class StaffChangeRefused(UserFacingError):
    """The central database refused a staff change (not an administrator, wrong password)."""


class CentralStaffAuthority:
    """Staff changes sent to the central database as an administrator's authenticated action."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def apply(self, admin_username: str | None, admin_password: str | None, row: dict[str, Any],
              new_password: str | None = None) -> int:
        """Write one staff row centrally; returns its new version. Raises StaffChangeRefused."""
        change = {c.name: row.get(c.name) for c in Staff.__table__.columns}
        try:
            with self._engine.begin() as conn:
                version = conn.scalar(
                    sa.text("SELECT oncopos_staff_apply(:admin, :password, CAST(:change AS jsonb), :new_password)"),
                    {"admin": admin_username, "password": admin_password,
                     "change": json.dumps(change, default=str), "new_password": new_password},
                )
        except sa.exc.DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
                raise StaffChangeRefused(_refusal(str(exc.orig))) from None
            raise
        return int(version)


#: The central database's refusals (the MESSAGE of its functions above), as the desk says them.
_REFUSALS = {
    "staff change refused by the central database": "staff.central_refused_password",
    "the first account of the central database must be an administrator": "staff.central_first_admin",
    "staff accounts change on the central database only through": "staff.central_only_admin",
}


def _refusal(text: str) -> Message:
    first = text.strip().splitlines()[0] if text.strip() else ""
    for start, key in _REFUSALS.items():
        if first.startswith(start):
            return msg(key)
    return msg("staff.central_refused", reason=first)
