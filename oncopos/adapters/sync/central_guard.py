"""What the central PostgreSQL enforces itself, whatever a desk sends: per-desk logins and the
audit chain anchor.

An administrator installs it once (`oncopos central setup`, as the owner of the central database)
and registers each desk (`oncopos central add-desk WORKSTATION_ID`), which creates a PostgreSQL
login for that desk alone. Then, in the database itself, so a desk with SQL access to the central
database cannot get around it:

- a desk login belongs to the group role ``oncopos_desk``, which may read and write the synced
  tables but may neither change nor delete an audit event (no UPDATE or DELETE privilege, and a
  trigger refuses them from a desk login anyway);
- an audit event a desk inserts must be of that desk's own workstation (the login is mapped to
  one workstation id in ``central_desks``), or of the central database's own chain;
- every inserted event must extend the chain the central database holds for its workstation
  (next sequence number, linked to the recorded head in ``audit_chain_heads``), so a desk that
  rewrote, cut or forged its trail is refused at its next sync, and the head recorded at each sync
  is what `oncopos audit verify` compares the desk with.

Refusals are check violations, so a push isolates the refused rows and sends the rest.
"""

from __future__ import annotations

import re
import secrets as token_source
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.sync.central_otp import SETUP as OTP_SETUP
from oncopos.adapters.sync.central_staff import staff_setup_script
from oncopos.domain.errors import ConfigurationError, InvalidInput
from oncopos.domain.messages import msg

DESK_GROUP = "oncopos_desk"
ROLE_PREFIX = "oncopos_desk_"
PASSWORD_BYTES = 24

# Tables a desk login may read but never write (what the central database keeps for itself).
READ_ONLY_FOR_DESKS = ("central_desks", "audit_chain_heads")

_SETUP = """
CREATE TABLE IF NOT EXISTS central_desks (
    role_name name PRIMARY KEY,
    workstation_id varchar(32) NOT NULL UNIQUE,
    registered_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS audit_chain_heads (
    workstation_id varchar(32) PRIMARY KEY,
    sequence integer NOT NULL,
    hash varchar(64) NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO audit_chain_heads (workstation_id, sequence, hash)
SELECT DISTINCT ON (workstation_id) workstation_id, sequence, hash
FROM audit_events ORDER BY workstation_id, sequence DESC
ON CONFLICT (workstation_id) DO NOTHING;

CREATE OR REPLACE FUNCTION oncopos_desk_workstation() RETURNS varchar
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT workstation_id FROM central_desks WHERE role_name = session_user
$$;

CREATE OR REPLACE FUNCTION oncopos_audit_append() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    desk varchar := oncopos_desk_workstation();
    head_sequence integer;
    head_hash varchar;
    held varchar;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF desk IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'desk ' || desk || ' may not change or delete audit events on the central database';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF desk IS NOT NULL AND NEW.workstation_id <> desk AND NEW.workstation_id <> 'CENTRAL' THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'audit event of workstation ' || NEW.workstation_id || ' refused: this login is desk ' || desk;
    END IF;
    SELECT hash INTO held FROM audit_events WHERE id = NEW.id;
    IF FOUND THEN
        IF held = NEW.hash THEN
            RETURN NULL;  -- sent again: the copy here stays
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'audit event ' || NEW.workstation_id || ' #' || NEW.sequence
                || ' differs from the copy the central database holds: the trail was rewritten';
    END IF;
    SELECT sequence, hash INTO head_sequence, head_hash
    FROM audit_chain_heads WHERE workstation_id = NEW.workstation_id FOR UPDATE;
    IF NOT FOUND THEN
        head_sequence := 0;
        head_hash := repeat('0', 64);
    END IF;
    IF NEW.sequence <> head_sequence + 1 OR NEW.prev_hash <> head_hash THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'audit event ' || NEW.workstation_id || ' #' || NEW.sequence
                || ' does not extend the chain the central database holds (it ends at #' || head_sequence
                || '): the trail was rewritten, cut or forged';
    END IF;
    INSERT INTO audit_chain_heads AS h (workstation_id, sequence, hash, recorded_at)
    VALUES (NEW.workstation_id, NEW.sequence, NEW.hash, now())
    ON CONFLICT (workstation_id) DO UPDATE SET sequence = EXCLUDED.sequence, hash = EXCLUDED.hash,
        recorded_at = EXCLUDED.recorded_at;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events;
CREATE TRIGGER audit_events_append_only BEFORE INSERT OR UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION oncopos_audit_append();
"""

_GROUP = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{group}') THEN
        CREATE ROLE {group} NOLOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA {schema} TO {group};
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA {schema} TO {group};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {group};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM {group};
-- SELECT ... FOR UPDATE (the central chain's own events, written in a push) needs an UPDATE
-- privilege on some column; the trigger refuses every UPDATE from a desk login.
GRANT UPDATE (id) ON audit_events TO {group};
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {read_only} FROM {group};
ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT, UPDATE ON TABLES TO {group};
ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {group};
"""


@dataclass(frozen=True, slots=True)
class DeskCredential:
    workstation_id: str
    role: str
    password: str


def setup_central(engine: Engine) -> None:
    """Install (or bring up to date) the central database's own rules; safe to run again."""
    _require_postgresql(engine)
    with engine.begin() as conn:
        schema = _quoted_schema(conn)
        for statement in _statements(_SETUP.format(schema=schema)):
            _run_script(conn, statement)
        staff, staff_grants = staff_setup_script(schema, DESK_GROUP)
        staff += OTP_SETUP.format(schema=schema)
        script = _GROUP.format(schema=schema, group=DESK_GROUP, read_only=", ".join(READ_ONLY_FOR_DESKS))
        for statement in _statements(staff + script + staff_grants):
            _run_script(conn, statement)


def role_for(workstation_id: str) -> str:
    name = re.sub(r"[^a-z0-9_]", "_", workstation_id.lower())
    return (ROLE_PREFIX + name)[:63]


def register_desk(engine: Engine, workstation_id: str) -> DeskCredential:
    """Create (or renew) the PostgreSQL login of one desk and map it to its workstation id.

    Returns the new password; it is shown or stored once by the caller and never kept here. The
    server only receives its SCRAM verifier (computed on this side), so no statement log holds it.
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", workstation_id) or workstation_id.upper() == "CENTRAL":
        raise InvalidInput(
            msg("central.workstation_id_invalid", workstation_id=repr(workstation_id)),
            field="workstation_id",
        )
    setup_central(engine)
    role = role_for(workstation_id)
    password = token_source.token_urlsafe(PASSWORD_BYTES)
    with engine.begin() as conn:
        holder = conn.scalar(sa.text("SELECT role_name FROM central_desks WHERE workstation_id = :ws"), {"ws": workstation_id})
        if holder is not None and holder != role:
            raise ConfigurationError(msg("central.workstation_registered", workstation_id=workstation_id, holder=holder))
        verifier = _scram_verifier(conn, role, password)
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        verb = "ALTER" if exists else "CREATE"
        statement = conn.scalar(
            sa.text(f"SELECT format('{verb} ROLE %I LOGIN PASSWORD %L', CAST(:r AS text), CAST(:v AS text))"),
            {"r": role, "v": verifier},
        )
        conn.exec_driver_sql(statement)
        conn.exec_driver_sql(f'GRANT {DESK_GROUP} TO "{role}"')
        conn.execute(
            sa.text("INSERT INTO central_desks (role_name, workstation_id) VALUES (:r, :ws) ON CONFLICT (role_name) "
                    "DO UPDATE SET workstation_id = EXCLUDED.workstation_id"),
            {"r": role, "ws": workstation_id},
        )
    return DeskCredential(workstation_id, role, password)


def desk_workstation(conn: sa.Connection) -> str | None:
    """The workstation id this connection's login is registered for (None: not a desk login, or
    a central database without these rules)."""
    if conn.dialect.name != "postgresql":
        return None
    if conn.scalar(sa.text("SELECT to_regproc('oncopos_desk_workstation')")) is None:
        return None
    return conn.scalar(sa.text("SELECT oncopos_desk_workstation()"))


def _run_script(conn: sa.Connection, statement: str) -> None:
    # The driver takes a lone % for a parameter (staff%ROWTYPE): doubled, it reaches the server as is.
    conn.exec_driver_sql(statement.replace("%", "%%"))


def _scram_verifier(conn: sa.Connection, role: str, password: str) -> str:
    raw = conn.connection.driver_connection
    pgconn = getattr(raw, "pgconn", None)
    if pgconn is None:  # pragma: no cover - another driver: let the server hash it
        return password
    return bytes(pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")).decode()


def _quoted_schema(conn: sa.Connection) -> str:
    schema = conn.scalar(sa.text("SELECT current_schema()"))
    return str(conn.scalar(sa.text("SELECT quote_ident(:s)"), {"s": schema}))


def _statements(script: str) -> list[str]:
    """Split on the semicolons that end statements, not those inside $$ bodies."""
    parts, current, quoted = [], [], False
    for line in script.splitlines():
        current.append(line)
        quoted ^= line.count("$$") % 2 == 1
        if not quoted and line.rstrip().endswith(";"):
            parts.append("\n".join(current).strip())
            current = []
    tail = "\n".join(current).strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


def _require_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise ConfigurationError(msg("central.not_postgres"))
