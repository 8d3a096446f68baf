"""Put back the plural (numerus) entries an older pyside6-lupdate dropped from a refreshed .ts.

    python build_scripts/i18n_plurals.py BEFORE.ts AFTER.ts

PySide6 6.11's lupdate does not recognise `QCoreApplication.translate(context, text, None, n)` in
Python: it leaves the text out, or keeps it as an ordinary message. Every numerus entry of BEFORE
whose text the code still passes to tr()/translate() replaces AFTER's entry of that context and
text, or is added to its context; entries the code no longer has stay out.
"""

from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

UI = Path(__file__).resolve().parent.parent / "oncopos" / "ui"


def texts_in_code() -> set[str]:
    found: set[str] = set()
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                if name in ("tr", "translate"):
                    found.update(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return found


def main(before: Path, after: Path) -> int:
    used = texts_in_code()
    old = ET.parse(before).getroot()
    tree = ET.parse(after)
    new = tree.getroot()
    contexts = {c.findtext("name"): c for c in new.iter("context")}
    restored = 0
    for context in old.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            if message.get("numerus") != "yes" or source not in used:
                continue
            target = contexts.get(name)
            if target is None:
                target = ET.SubElement(new, "context")
                ET.SubElement(target, "name").text = name
                contexts[name] = target
            for existing in list(target.iter("message")):
                if existing.findtext("source") == source:
                    target.remove(existing)
            target.append(message)
            restored += 1
    ET.indent(tree, space="    ")
    with after.open("wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
    print(f"{after.name}: {restored} plural entries kept")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
