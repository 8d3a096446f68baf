"""`oncopos demo seed`: realistic demo data in a database, once."""

from __future__ import annotations

import argparse

from oncopos.config import Settings
from oncopos.domain.errors import ConfigurationError


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="demo data").add_subparsers(dest="demo_command", required=True)
    seed = demo.add_parser("seed", help="fill a database with realistic demo students, courses and payments")
    seed.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    seed.add_argument("--students", type=int, default=50, help="how many students (default 50)")
    seed.set_defaults(handler=seed_command)


def seed_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.adapters.db.seed import is_seeded, seed_demo
    from oncopos.commands.opening import open_context

    if not 1 <= args.students <= 100_000:
        raise ConfigurationError(f"--students {args.students} is not allowed; use 1 to 100000.")
    context = open_context(settings.model_copy(update={"training": False}), desk_only="demo seed")
    try:
        if is_seeded(context.session_factory):
            print("This database already has the demo data; nothing was added.")
            return 0
        report = seed_demo(context.session_factory, students=args.students, desk_province=settings.business_province)
    finally:
        context.close()
    print(
        f"Seeded {report.students} students, {report.courses} courses, {report.sections} sections, "
        f"{report.enrollments} enrollments and {report.payments} earlier payments."
    )
    return 0
