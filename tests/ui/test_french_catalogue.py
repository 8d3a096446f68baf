"""The interface's texts are all wrapped for translation, and the French catalogue has all of them,
finished, in Quebec French typography; the compiled catalogues are the ones the sources give."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from oncopos.ui.i18n import ENGLISH, FRENCH, catalogue_file

from .french_scan import UI, is_text, ui_files, unwrapped_in

REPO = UI.parents[1]
BIN = Path(sys.executable).parent
NBSP, NNBSP = "\u00a0", "\u202f"
#: Texts that name the columns of the student import file, whose names (email, first_name) are English.
CSV_COLUMNS = frozenset({". first_name, last_name and email are required; section enrolls the student in that section."})


def messages(path: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [(context.findtext("name") or "", message) for context in root.iter("context")
            for message in context.iter("message")]


def translations_of(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = [form.text or "" for form in translation.iter("numerusform")]
    return forms if message.get("numerus") == "yes" else [translation.text or ""]


def test_every_text_in_the_interface_is_wrapped_for_translation() -> None:
    found = [str(u) for path in ui_files() for u in unwrapped_in(path)]
    assert not found, "texts not wrapped in self.tr() / QCoreApplication.translate():\n" + "\n".join(found)


@pytest.mark.parametrize(("text", "shown"), [
    ("Take payment…", True), ("<b>Refunded</b>", True), ("OncoPOS", False), ("amountEdit", False),
    ("succeeded", False), ("MANAGE_STAFF", False), ("CustomerDisplayWindow", False), ("#ffffff", False),
    (" · ", False), ("Interac", False),
])
def test_the_scan_tells_words_from_names(text: str, shown: bool) -> None:
    assert is_text(text) is shown


def test_the_scan_finds_an_unwrapped_label(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'import logging\nlogger = logging.getLogger(__name__)\n'
        'def build(w, n):\n'
        '    """Docstring, never shown."""\n'
        '    w.setObjectName("amountEdit")\n'
        '    logger.info("built %s", n)\n'
        '    w.setText(w.tr("Wrapped"))\n'
        '    w.setText(f"Paid {n}")\n'
        '    w.addItem(f"{n} of {n + 1}")\n'
        '    rows = [("to", w)]\n'
        '    w.setText(f"{n} events")\n'
        '    return {"succeeded": "Paid"}.get(n, "Unknown")\n', encoding="utf-8")
    assert [(u.line, u.text) for u in unwrapped_in(sample)] == [
        (8, 'f"Paid {n}"'), (9, 'f"{n} of {n + 1}"'), (10, "'to'"), (11, 'f"{n} events"'), (12, "'Paid'"),
        (12, "'Unknown'")]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The catalogues as pyside6-lupdate makes them from today's code (build_scripts/i18n.sh's options)."""
    out = tmp_path_factory.mktemp("i18n")
    made = {}
    for language, extra in ((FRENCH, []), (ENGLISH, ["-pluralonly"])):
        target = out / catalogue_file(language, ".ts").name
        shutil.copy(catalogue_file(language, ".ts"), target)
        subprocess.run([str(BIN / "pyside6-lupdate"), *map(str, ui_files()), "-ts", str(target), "-no-obsolete",
                        "-locations", "none", "-silent", *extra], check=True, cwd=REPO)
        made[language] = target
    return made


def translated_in_code() -> set[str]:
    """Every text literal handed to tr() or QCoreApplication.translate() in oncopos/ui (the AST joins
    implicitly concatenated literals, as lupdate does)."""
    found: set[str] = set()
    for path in ui_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                if name in ("tr", "translate", "QT_TRANSLATE_NOOP"):
                    found.update(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return found


@pytest.mark.parametrize("language", [FRENCH, ENGLISH])
def test_the_catalogue_has_every_text_of_the_code_finished(refreshed: dict[str, Path], language: str) -> None:
    """lupdate over oncopos/ui adds nothing new and finds nothing vanished: every text is translated.

    Plural texts (`%n`, numerus entries) are held to the code by our own scan: the lupdate of
    PySide6 6.11 (pinned for its reference counts) does not read a Python plural call, so it would
    call them vanished although the code still uses them."""
    catalogue = messages(catalogue_file(language, ".ts"))
    kept = {(c, m.findtext("source")) for c, m in catalogue if m.get("numerus") != "yes"}
    plurals = {m.findtext("source") or "" for _c, m in catalogue if m.get("numerus") == "yes"}
    now = {(c, m.findtext("source")) for c, m in messages(refreshed[language])}
    assert now - kept - {(c, t) for c, t in now if t in plurals} == set(), (
        "texts missing from the catalogue: run bash build_scripts/i18n.sh and translate them")
    assert kept - now == set(), "texts no longer in the code: run bash build_scripts/i18n.sh"
    assert plurals - translated_in_code() == set(), "plural texts no longer in the code: remove them from the .ts"
    def unfinished(m: ET.Element) -> bool:
        translation = m.find("translation")
        return (translation is not None and bool(translation.get("type"))) or not all(translations_of(m))

    # A plural text is judged by its numerus entry in the catalogue, not by 6.11's flat reading of it.
    judged = [m for _c, m in messages(refreshed[language]) + catalogue
              if m.findtext("source") not in plurals or m.get("numerus") == "yes"]
    assert [m.findtext("source") for m in judged if unfinished(m)] == []


@pytest.mark.parametrize("language", [FRENCH, ENGLISH])
def test_the_compiled_catalogue_is_the_one_its_source_gives(tmp_path: Path, language: str) -> None:
    compiled = tmp_path / "compiled.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(catalogue_file(language, ".ts")), "-qm", str(compiled)],
                   check=True)
    assert compiled.read_bytes() == catalogue_file(language).read_bytes(), "run bash build_scripts/i18n.sh release"


def _outside_markup(text: str) -> str:
    """The words of `text`, its HTML tags and {placeholders} taken out."""
    return re.sub(r"<[^>]*>|\{[^}]*\}", "\x00", text)


def test_french_texts_keep_placeholders_mnemonics_and_typography() -> None:
    problems = []
    for context, message in messages(catalogue_file(FRENCH, ".ts")):
        source = message.findtext("source") or ""
        for french in translations_of(message):
            where = f"{context}: {source!r} -> {french!r}"
            if sorted(re.findall(r"\{[^}]*\}", source)) != sorted(re.findall(r"\{[^}]*\}", french)):
                problems.append(f"placeholders differ: {where}")
            if ("%n" in source) != ("%n" in french):
                problems.append(f"%n differs: {where}")
            if re.search(r"&[^& ]", source) and not re.search(r"&[^& ]", french):
                problems.append(f"keyboard mnemonic (&) lost: {where}")
            words = _outside_markup(french)
            # OQLF: a non-breaking space before : (and a narrow one before ; ! ?), and inside « ».
            if re.search(r"[^\u00a0\u202f\x00\d]:(?=\s|$)|(?<=[^\u00a0\u202f\x00])[;!?](?=\s|$)", words):
                problems.append(f"no non-breaking space before : ; ! ?: {where}")
            if re.search(r"«[^\u00a0]|[^\u00a0]»", words):
                problems.append(f"« » without non-breaking spaces: {where}")
            if re.search(r"\b(?:e-?mail|courrier électronique)\b", words, re.IGNORECASE) and source not in CSV_COLUMNS:
                problems.append(f"OQLF says « courriel »: {where}")
    assert problems == []


def test_the_french_catalogue_uses_the_quebec_terms() -> None:
    french = {m.findtext("source"): translations_of(m)[0] for _c, m in messages(catalogue_file(FRENCH, ".ts"))}
    assert french["One-time code"] == "Code à usage unique"
    assert french["Refunds"] == "Remboursements"
    assert "courriel" in french["Email the link to"]
    assert "reçu" in french["Invoice {invoice_number}. A receipt is on its way to the student's email."]
