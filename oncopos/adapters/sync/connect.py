"""Reaching the central PostgreSQL: the URL with its password, short time-outs, plain messages.

The password is never a setting: when ONCOPOS_CENTRAL_URL carries none, it comes from the keyring
secret ``central_db_password`` (``oncopos secrets set central_db_password``). Without either,
libpq's own means (a .pgpass file, trust or certificate authentication) still apply.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

from oncopos.adapters.db.engine import redact
from oncopos.adapters.secrets import SecretStore
from oncopos.domain.errors import ConfigurationError, DatabaseUnavailable
from oncopos.domain.messages import msg

log = logging.getLogger(__name__)

PASSWORD_SECRET = "central_db_password"


def central_url_with_password(url: str, secrets: SecretStore | None) -> str:
    parsed = make_url(url)
    if parsed.password or secrets is None:
        return url
    try:
        password = secrets.get(PASSWORD_SECRET)
    except ConfigurationError as exc:
        # No keyring here: the server may not need a password (pgpass, certificates); if it does,
        # its refusal says so and `unavailable` adds where the password belongs.
        log.warning("central database password not read from the keyring: %s", exc)
        return url
    return parsed.set(password=password).render_as_string(hide_password=False) if password else url


# Server-side limits for every sync session. A desk that loses its network in the middle of a
# push leaves no goodbye: without these, its half-open session would keep the central sync lock
# (and block every other desk) until the server's TCP keepalive gives up, two hours by default.
SESSION_OPTIONS = (
    "-c idle_in_transaction_session_timeout=30000 -c lock_timeout=20000 -c statement_timeout=120000"
    " -c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3"
)


def central_connect_args(connect_timeout: int) -> dict[str, object]:
    """Connecting gives up after `connect_timeout` seconds; keepalives and a TCP user timeout on
    the desk's side notice a server that vanished mid-batch."""
    return {
        "connect_timeout": connect_timeout,
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": 30000,
        "application_name": "oncopos-sync",
        "options": SESSION_OPTIONS,
    }


def make_central_engine(url: str, *, connect_timeout: int = 5, pooled: bool = True) -> Engine:
    if not pooled:
        # A new connection each time: a pooled one to a server that vanished could hang the
        # check-out, a fresh one fails within the connect time-out.
        return sa.create_engine(url, poolclass=NullPool, connect_args=central_connect_args(connect_timeout))
    return sa.create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=2,
                            connect_args=central_connect_args(connect_timeout))


def is_connection_error(exc: BaseException) -> bool:
    """Whether a database error means "could not talk to the server" (worth retrying later)."""
    if isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, (sa.exc.OperationalError, sa.exc.InterfaceError))


def unavailable(exc: BaseException, url: str) -> DatabaseUnavailable:
    orig = getattr(exc, "orig", None) or exc
    reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0].rstrip(".")
    if "lock timeout" in reason.lower():
        return DatabaseUnavailable(msg("central.busy", url=redact(url)))
    key = "central.unreachable_password" if "password" in reason.lower() else "central.unreachable"
    return DatabaseUnavailable(msg(key, url=redact(url), reason=reason))
