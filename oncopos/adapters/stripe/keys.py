"""Which Stripe keys the app accepts, and why it refuses a full secret key in live mode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from oncopos.domain.errors import ConfigurationError
from oncopos.domain.messages import msg

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
        raise ConfigurationError(msg("stripe.mode_unknown", mode=repr(mode)))
    key = (api_key or "").strip()
    if not key:
        raise ConfigurationError(msg("stripe.no_key"))
    if key.startswith("pk_"):
        raise ConfigurationError(msg("stripe.publishable_key"))
    kinds = {"sk_live_": ("secret", True), "rk_live_": ("restricted", True),
             "sk_test_": ("secret", False), "rk_test_": ("restricted", False)}
    found = next((v for p, v in kinds.items() if key.startswith(p)), None)
    if found is None:
        raise ConfigurationError(msg("stripe.key_not_secret", key=key_hint(key)))
    kind, live = found
    if mode == "live" and not live:
        raise ConfigurationError(msg("stripe.test_key_live"))
    if mode != "live" and live:
        raise ConfigurationError(msg("stripe.live_key_test", mode=mode))
    if mode == "live" and kind == "secret" and not allow_full_secret_key:
        raise ConfigurationError(msg("stripe.full_secret_key", permissions=", ".join(NEEDED_PERMISSIONS)))
    return KeyInfo(kind=kind, live=live, hint=key_hint(key))  # type: ignore[arg-type]
