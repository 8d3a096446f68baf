"""How student search text is cut into words, the same way for what is stored and what is typed.

Words are lower-case ASCII letters and digits (accents folded: "Bérubé" -> "berube"), so a prefix
of a word can be matched with a plain byte-order range on any database and in any locale.
Apostrophes are folded like accents ("O'Brien" -> "obrien"): people type the name without them.
A name is also found written as one word ("berubelevesque", "o brien" as two), since staff
type what they hear.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")
_PHONE_LIKE = re.compile(r"^[\d\s().+-]+$")
MAX_TERM_LENGTH = 64
MAX_QUERY_WORDS = 6


#: Typed, pasted from a word processor (U+2019) or from a keyboard layout (U+02BC, U+2018, `, U+00B4):
#: all are one mark.
_APOSTROPHE_MARKS = "'\u2019\u02bc\u2018`\u00b4"
_APOSTROPHES = str.maketrans("", "", _APOSTROPHE_MARKS)
_APOSTROPHES_AS_SPACES = str.maketrans(_APOSTROPHE_MARKS, " " * len(_APOSTROPHE_MARKS))


# Names repeat (a school has many Gagnons): caching the folding makes bulk indexing several times faster.
@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower-case, accents and apostrophes removed, ligatures expanded ("Œ" -> "oe", "O'Brien" -> "obrien")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe").replace("æ", "ae"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_APOSTROPHES)


def _name_variants(name: str) -> set[str]:
    """The other ways a name is typed: apart at its apostrophes ("o", "brien") and each
    hyphenated or punctuated token as one word ("berubelevesque")."""
    spaced = unicodedata.normalize("NFKD", name).translate(_APOSTROPHES_AS_SPACES)
    variants = set(words(spaced))
    for token in name.split():
        joined = "".join(words(token))
        if joined:
            variants.add(joined)
    return variants


def words(text: str | None) -> list[str]:
    return _WORD.findall(fold(text or "")) if text else []


def sort_name(last_name: str, first_name: str) -> str:
    """The key students are listed by: accent-free, case-free, last name first."""
    return " ".join(words(last_name) + words(first_name))[:201]


def index_terms(
    *,
    first_name: str,
    last_name: str,
    preferred_name: str | None,
    email: str,
    phone: str | None,
    student_number: str,
) -> set[str]:
    """Every word under which a student can be found."""
    terms: set[str] = set()
    for part in (first_name, last_name, preferred_name, email, student_number):
        terms.update(words(part))
    for name in (first_name, last_name, preferred_name):
        terms.update(_name_variants(name or ""))
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits:
        national = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
        # Found by the whole number, with or without the area code.
        terms.update({digits, national, national[3:]} - {""})
    # The number without its letters ("0000182" of "S0000182-DESK1"): its longest run of digits.
    number_digits = max(re.findall(r"\d+", student_number), key=len, default="")
    if number_digits:
        terms.add(number_digits)
    return {term[:MAX_TERM_LENGTH] for term in terms}


def query_terms(text: str) -> list[str]:
    """The word prefixes a student must all match for what was typed.

    Text that looks like a phone number ("(416) 555-0123", "555 0123") is one run of digits.
    """
    stripped = text.strip()
    if not stripped:
        return []
    if any(ch.isdigit() for ch in stripped) and _PHONE_LIKE.match(stripped):
        digits = "".join(ch for ch in stripped if ch.isdigit())
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        return [digits[:MAX_TERM_LENGTH]]
    unique: list[str] = []
    for word in words(stripped):
        if word not in unique:
            unique.append(word[:MAX_TERM_LENGTH])
    # A longer word already implies its own prefixes: drop "mar" when "marie" is there too.
    kept = [w for w in unique if not any(o != w and o.startswith(w) for o in unique)]
    return kept[:MAX_QUERY_WORDS]
