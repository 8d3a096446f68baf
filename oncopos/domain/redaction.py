"""Secrets taken out of any text a person or a log file will see.

One function, `redact`, used by the log formatter (every line of every log file), by
configuration errors (which echo the value that was refused) and by every user-facing error
message. It replaces, with a marker: card numbers (anything Luhn-valid of 12 to 19 digits),
one-time codes next to the word "code", Stripe keys (sk_, rk_, pk_ live/test, whsec_), the
password of a URL (postgresql://user:PASSWORD@host), and the value after password=, token=,
api_key=, secret= and "Bearer". Over-redacting a harmless word is acceptable; leaking a secret
is not.
"""

from __future__ import annotations

import re

from oncopos.domain.checks import luhn_valid

MARK = "[redacted]"

_CARD_CANDIDATE = re.compile(r"(?<!\d)(?:\d[ -]?){11,18}\d(?!\d)")
_KEY = re.compile(r"\b((?:sk|rk|pk)_(?:live|test)_|whsec_)[A-Za-z0-9]+")
# Secret and restricted keys whatever their mode tag (sk_org_..., rk_...): long enough to be a key.
_BARE_KEY = re.compile(r"\b((?:sk|rk)_)[A-Za-z0-9_]{16,}")
_CODE = re.compile(r"(?i)\b(code|otp|passcode|one-time code|pin)(\W{1,3})\d{4,10}\b")
_NAMED_SECRET = re.compile(
    r"(?i)\b(password|passwd|pwd|secret|client_secret|(?:access_|auth_|refresh_|api_)?token|api[_-]?key)"
    r"(\s*[=:]\s*)(?!\[redacted\])\S+"
)
_BEARER = re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{8,}")
# user:password@ after a scheme; the password runs to the last @ of the word, so a password
# holding '@', '/' or ':' (unencoded, as people paste them) is still covered.
_URL_PASSWORD = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*:)\S*@")


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if 12 <= len(digits) <= 19 and luhn_valid(digits):
        return "[card ••••" + digits[-4:] + "]"
    return match.group(0)


def _url_password(match: re.Match[str]) -> str:
    # "***" is SQLAlchemy's own mask (URL.render_as_string(hide_password=True)): already safe.
    if match.group(0).endswith(":***@"):
        return match.group(0)
    return match.group(1) + MARK + "@"


def redact(text: str) -> str:
    """`text` with card numbers, codes, keys, tokens and passwords replaced by a marker."""
    text = _CARD_CANDIDATE.sub(_card, text)
    text = _URL_PASSWORD.sub(_url_password, text)
    text = _KEY.sub(lambda m: m.group(1) + MARK, text)
    text = _BARE_KEY.sub(lambda m: m.group(1) + MARK, text)
    text = _CODE.sub(lambda m: m.group(1) + m.group(2) + MARK, text)
    text = _NAMED_SECRET.sub(lambda m: m.group(1) + m.group(2) + MARK, text)
    return _BEARER.sub(lambda m: m.group(1) + m.group(2) + MARK, text)
