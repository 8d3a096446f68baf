"""`oncopos`: the desktop app by default, and commands for operators, managers and checks.

Errors print one clear line on stderr and exit non-zero: 2 for bad configuration or arguments,
1 for anything else the person can act on.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from oncopos import __version__
from oncopos.commands import COMMAND_MODULES
from oncopos.config import Settings, load_settings
from oncopos.domain.errors import ConfigurationError, UserFacingError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_CONFIG = 0, 1, 2


class OneLineParser(argparse.ArgumentParser):
    """argparse with a one-line error: what is wrong, and where the help is (not the usage block).

    Sub-command parsers are made of the same class (argparse uses type(parent) for them), so
    `oncopos staff add` says "see oncopos staff add --help".
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # no abbreviations: `--password SECRET` must not be taken for `--password-fd`.
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        text = " ".join(message.split()).rstrip(".")
        for action in self._actions:  # "required: audit_command" -> "required: COMMAND (verify, export)"
            if isinstance(action, argparse._SubParsersAction) and action.dest and action.choices:
                text = re.sub(rf"\b{re.escape(action.dest)}\b", f"COMMAND ({', '.join(action.choices)})", text)
        self.exit(EXIT_CONFIG, f"{self.prog}: {text}; see {self.prog} --help\n")


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; `with_commands=False` only the desktop app's own options."""
    parser = OneLineParser(
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
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"oncopos.commands.{name}").register(commands)
    return parser


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The desktop app's own options are read without importing the commands (eighteen modules the
    sign-in screen would wait for); a command, an unknown word or --help goes to the whole parser,
    so its answers and errors are the same as ever."""
    words = list(sys.argv[1:] if argv is None else argv)
    if "-h" not in words and "--help" not in words:
        args, rest = build_parser(with_commands=False).parse_known_args(words)
        if not rest:
            return args
    return build_parser().parse_args(words)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    # Until the log files are set up, nothing is logged to the terminal (Python's last-resort
    # handler would print warnings and tracebacks there).
    logging.getLogger().addHandler(logging.NullHandler())
    settings: Settings | None = None
    try:
        settings = _settings(args)
        _prepare_folders(settings, verbose=args.verbose)
        handler: Callable[[argparse.Namespace, Settings], int] = getattr(args, "handler", _gui)
        return handler(args, settings)
    except ConfigurationError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_CONFIG
    except UserFacingError as exc:
        print(f"oncopos: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback on the terminal: one line, the traceback in app.log
        from oncopos.commands.failures import describe

        if any(getattr(h, "_oncopos", False) for h in logging.getLogger().handlers):  # the log files are set up
            log.error("command %s failed", getattr(args, "command", None) or "gui", exc_info=True)
        failure = describe(exc, settings.database_url if settings is not None else None)
        print(f"oncopos: {failure.line}", file=sys.stderr)
        return failure.exit_code


def _prepare_folders(settings: Settings, *, verbose: bool) -> None:
    """The data and log folders, private, before any file is written; one line when unusable."""
    from oncopos.adapters.data_dir import secure_data_dir
    from oncopos.logs import configure_logging

    for variable, folder, prepare in (
        ("ONCOPOS_DATA_DIR", settings.data_dir, lambda: secure_data_dir(settings.data_dir)),
        ("ONCOPOS_LOG_DIR", settings.logs_dir, lambda: configure_logging(settings.logs_dir, console=verbose)),
    ):
        try:
            prepare()
        except OSError as exc:
            raise ConfigurationError(
                f"Configuration error: cannot use the folder {folder} ({variable}): {exc.strerror or exc}. "
                f"Set {variable} to a folder this user can create and write."
            ) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    db_url = getattr(args, "db_sub", None) or args.db
    if db_url:
        overrides["db_url"] = db_url
    try:
        settings = load_settings(**overrides)
    except ConfigurationError as exc:
        if "db_url" not in overrides:
            raise
        # the value came from --db, not from the environment: say so.
        raise ConfigurationError(str(exc).replace("ONCOPOS_DB_URL=", "--db ")) from None
    if args.training:
        from oncopos.config import training_settings

        settings = training_settings(settings)
    return settings


def _gui(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.ui.app import run_gui  # Qt is imported only when a window is wanted

    def load_context() -> Any:
        # On the start-up thread while the sign-in screen shows: the database, migrations, simulator.
        from oncopos.bootstrap import build_context

        return build_context(settings)

    return run_gui(load_context, settings)  # it closes the context it loaded


if __name__ == "__main__":
    raise SystemExit(main())
