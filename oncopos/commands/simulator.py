"""`oncopos simulator --port N`: the Stripe-compatible simulator on 127.0.0.1."""

from __future__ import annotations

import argparse

from oncopos.config import Settings
from oncopos.domain.errors import ConfigurationError


def register(commands: argparse._SubParsersAction) -> None:
    simulator = commands.add_parser("simulator", help="run the Stripe-compatible simulator on 127.0.0.1")
    simulator.add_argument("--port", type=int, default=12111, help="port on 127.0.0.1 (default 12111)")
    simulator.add_argument(
        "--without-interac", action="store_true",
        help="an account without Interac: interac_present is dropped from allowed_payment_method_types, as Stripe does")
    simulator.set_defaults(handler=simulator_command)


def simulator_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.simulator import serve_forever

    if not 1 <= args.port <= 65535:
        raise ConfigurationError(f"--port {args.port} is not allowed; use 1 to 65535.")
    try:
        serve_forever(args.port, without_interac=args.without_interac)
    except OSError as exc:
        raise ConfigurationError(
            f"Cannot listen on 127.0.0.1:{args.port} ({exc.strerror or exc}): another program (or simulator) uses it. "
            "Stop it, or choose another port with --port N."
        ) from None
    return 0
