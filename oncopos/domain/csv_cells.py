"""Cells for every CSV the app writes, made safe to open in a spreadsheet.

A cell that starts with =, +, -, @, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets (OWASP "CSV injection"): a staff display name such as
=HYPERLINK(...) or +1+cmd|' /C calc'!A0 would become a live formula in the accountant's
end-of-day file. Such a cell is written with a leading apostrophe, which the spreadsheet shows as
text. Plain numbers (our own amounts, "-120.00") stay numbers: a spreadsheet does not run them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def safe_cell(value: object) -> str:
    """`value` as CSV cell text that no spreadsheet will evaluate."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(values: Iterable[object]) -> list[str]:
    return [safe_cell(value) for value in values]
