"""Which Stripe keys the app accepts, and why it refuses a full secret key in live mode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from oncopos.domain.errors import ConfigurationError

Mode = Literal["test", "live", "simulator"]
MODES = ("test", "live", "simulator")

NEEDED_PERMISSIONS = (
    "PaymentIntents: write", "Checkout Sessions: write", "Terminal readers: write", "Terminal locations: write",
    "Refunds: write", "Charges: read", "Events: read", "Balance transactions: read",
    "Payouts: read",
)


@dataclass(frozen=True)
class KeyInfo:
    kind: Literal["secret", "restricted"]
    live: bool
    hint: str  # safe to show and log: prefix and last four characters only


def key_hint(api_key: str) -> str:
    prefix = api_key[:8] if len(api_key) >= 8 else api_key[:3]
    return f"{prefix}…{api_key[-4:]}" if len(api_key) > 12 else "(too short to be a key)"


def validate_key(api_key: str, mode: str, *, allow_full_secret_key: bool = False) -> KeyInfo:
    """Check the key fits the mode; raise ConfigurationError saying what to do otherwise."""
    if mode not in MODES:
        raise ConfigurationError(f"Unknown Stripe mode {mode!r}; use test, live or simulator.")
    key = (api_key or "").strip()
    if not key:
        raise ConfigurationError("No Stripe key is set. Ask a manager to enter the workstation's restricted key "
                                 "in Settings.")
    if key.startswith("pk_"):
        raise ConfigurationError("This is a publishable key (pk_...), which cannot take payments. Enter the "
                                 "workstation's restricted key (rk_...).")
    kinds = {"sk_live_": ("secret", True), "rk_live_": ("restricted", True),
             "sk_test_": ("secret", False), "rk_test_": ("restricted", False)}
    found = next((v for p, v in kinds.items() if key.startswith(p)), None)
    if found is None:
        raise ConfigurationError(f"The Stripe key {key_hint(key)} is not a Stripe secret or restricted key. "
                                 "Copy the key again from the Stripe Dashboard.")
    kind, live = found
    if mode == "live" and not live:
        raise ConfigurationError("A test key is set but the app is in live mode. Enter a live restricted key "
                                 "(rk_live_...) or switch to test mode.")
    if mode != "live" and live:
        raise ConfigurationError(f"A live key is set but the app is in {mode} mode, where no real money may move. "
                                 "Enter a test key (sk_test_ or rk_test_).")
    if mode == "live" and kind == "secret" and not allow_full_secret_key:
        raise ConfigurationError(
            "A full secret key (sk_live_...) is refused. Stripe advises that secret keys stay on servers; a "
            "workstation should hold a restricted key (rk_live_...) with only the permissions it needs ("
            + ", ".join(NEEDED_PERMISSIONS) + "). Create one in the Stripe Dashboard (Developers > API keys) and "
            "enter it instead, or have an administrator set the explicit override.")
    return KeyInfo(kind=kind, live=live, hint=key_hint(key))  # type: ignore[arg-type]
