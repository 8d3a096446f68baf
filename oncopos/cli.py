"""`oncopos`: the desktop app by default, and commands for operators, managers and checks.

Errors print one clear line on stderr and exit non-zero: 2 for bad configuration or arguments,
1 for anything else the person can act on.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from oncopos import __version__
from oncopos.config import Settings, load_settings
from oncopos.domain.errors import ConfigurationError, UserFacingError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_CONFIG = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="oncopos",
        description="OncoPOS, the front-desk point of sale of OncoOne Education. "
        "Without a command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"OncoPOS {__version__}")
    parser.add_argument(
        "--training",
        action="store_true",
        help="start in training mode: demo data, the bundled Stripe simulator and a training inbox; "
        "no account or network needed",
    )
    parser.add_argument("--db", metavar="URL", help="database URL (default: the local SQLite file in the data folder)")
    parser.add_argument("--verbose", action="store_true", help="also log to the terminal")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = commands.add_parser("db", help="database administration").add_subparsers(dest="db_command", required=True)
    up = db.add_parser("upgrade", help="create or migrate a database (local SQLite or central PostgreSQL)")
    up.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    up.set_defaults(handler=_db_upgrade)

    demo = commands.add_parser("demo", help="demo data").add_subparsers(dest="demo_command", required=True)
    seed = demo.add_parser("seed", help="fill a database with realistic demo students, courses and payments")
    seed.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    seed.add_argument("--students", type=int, default=50, help="how many students (default 50)")
    seed.set_defaults(handler=_demo_seed)

    simulator = commands.add_parser("simulator", help="run the Stripe-compatible simulator on 127.0.0.1")
    simulator.add_argument("--port", type=int, default=12111, help="port on 127.0.0.1 (default 12111)")
    simulator.set_defaults(handler=_simulator)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = _settings(args)
        from oncopos.logs import configure_logging

        configure_logging(settings.logs_dir, console=args.verbose)
        handler: Callable[[argparse.Namespace, Settings], int] = getattr(args, "handler", _gui)
        return handler(args, settings)
    except ConfigurationError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_CONFIG
    except UserFacingError as exc:
        print(f"oncopos: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    db_url = getattr(args, "db_sub", None) or args.db
    if db_url:
        overrides["db_url"] = db_url
    settings = load_settings(**overrides)
    if args.training:
        from oncopos.bootstrap import training_settings

        settings = training_settings(settings)
    return settings


def _gui(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.bootstrap import build_context
    from oncopos.ui.app import run_gui  # Qt is imported only when a window is wanted

    context = build_context(settings)
    try:
        return run_gui(context)
    finally:
        context.close()


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.exc import OperationalError

    from oncopos.adapters.db.engine import make_engine, redact
    from oncopos.adapters.db.migrate import upgrade

    engine = make_engine(settings.database_url)
    try:
        revision = upgrade(engine)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0].rstrip(".")
        raise UserFacingError(
            f"cannot reach the database {redact(settings.database_url)} ({reason}). "
            "Check the URL, that the server is running and that this user may connect."
        ) from None
    finally:
        engine.dispose()
    print(f"{redact(settings.database_url)} is at revision {revision} (latest).")
    return EXIT_OK


def _demo_seed(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.adapters.db.seed import is_seeded, seed_demo
    from oncopos.bootstrap import build_context

    if args.students < 1 or args.students > 100_000:
        raise ConfigurationError(f"--students {args.students} is not allowed; use 1 to 100000.")
    context = build_context(settings.model_copy(update={"training": False}))
    try:
        if is_seeded(context.session_factory):
            print("This database already has the demo data; nothing was added.")
            return EXIT_OK
        report = seed_demo(context.session_factory, students=args.students, desk_province=settings.business_province)
    finally:
        context.close()
    print(
        f"Seeded {report.students} students, {report.courses} courses, {report.sections} sections, "
        f"{report.enrollments} enrollments and {report.payments} earlier payments."
    )
    return EXIT_OK


def _simulator(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.simulator import serve_forever

    if not 1 <= args.port <= 65535:
        raise ConfigurationError(f"--port {args.port} is not allowed; use 1 to 65535.")
    print(f"Stripe simulator on http://127.0.0.1:{args.port} (Ctrl+C to stop)", flush=True)
    serve_forever(args.port)
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
