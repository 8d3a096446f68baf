"""Finds the words in oncopos/ui that a person could read and that are not wrapped for translation.

Every string literal (and f-string) of the UI code is a candidate, except where it cannot reach a
screen: docstrings, log lines, object names, properties and style sheets, shortcuts, comparisons,
subscripts and type annotations, and the arguments of the translation calls themselves. A candidate
is text when, its HTML tags taken out, it has a word in it and is not an identifier (``"amountEdit"``,
``"succeeded"``, ``"MANAGE_STAFF"``). What is left must be wrapped, or be one of `NOT_TEXT`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "oncopos" / "ui"

TRANSLATION_CALLS = frozenset({"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP", "QT_TRANSLATE_N_NOOP"})
#: Calls whose string arguments are never shown: names, properties, styles, formats, keys, paths.
NEVER_SHOWN = frozenset({
    "setObjectName", "setProperty", "property", "setStyleSheet", "getattr", "hasattr", "setattr", "Signal",
    "TypeVar", "cast", "QKeySequence", "setShortcut", "Path", "joinpath", "resource_path", "QIcon", "findChild",
    "findChildren", "strftime", "strptime", "toString", "fromString", "shared_menu", "menu_title", "setFamily",
    "fromisoformat", "compile", "match", "fullmatch", "search", "sub", "glob", "rglob", "setDisplayFormat",
    "setInputMask", "setNameFilters", "QRegularExpression", "Operation", "setDefaultSuffix", "isoformat", "index",
    "note",  # the start-up benchmark's markers (oncopos.ui.startup_probe)
})
#: Calls whose string arguments are shown as they are: there even one lowercase word ("to") is text.
SHOWN = frozenset({
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QMenu", "QToolButton", "setText",
    "setWindowTitle", "setTitle", "setPlaceholderText", "setToolTip", "setStatusTip", "setWhatsThis", "addRow",
    "addItem", "addItems", "addTab", "setTabText", "insertItem", "addAction", "addMenu", "addButton", "showMessage",
    "setHorizontalHeaderLabels", "setHeaderLabels", "setLabelText", "setInformativeText", "setDetailedText",
    "setSuffix", "setPrefix", "setSpecialValueText", "information", "warning", "critical", "question", "about",
    "setAccessibleName", "setAccessibleDescription", "setButtonText", "setSubTitle", "setFormat",
})
#: String methods: their arguments are patterns, but the string they are called on may be shown.
STRING_METHODS = frozenset({"replace", "split", "rsplit", "startswith", "endswith", "strip", "rstrip", "lstrip",
                            "encode", "decode", "lower", "upper", "capitalize", "title"})
#: Receivers whose every call is a log line, not a screen.
LOGGERS = frozenset({"logger", "logging", "security", "log", "audit_log"})
#: Strings that are not words to translate: proper names, codes, formats, fonts, examples of input.
NOT_TEXT = frozenset({
    "OncoPOS", "OncoOne", "Stripe", "Interac", "Visa", "Mastercard", "DejaVu Sans", "Noto Sans", "Segoe UI",
    "Helvetica Neue", "Arial", "English", "Français", "-to-", "en-CA", "fr-CA", "yyyy-MM-dd", "YYYY-MM-DD", "HH:mm",
    "yyyy-MM-dd HH:mm", "*.ttf", "*.eml", "*.csv", "Ctrl+N", "Ctrl+Shift+N", "Ctrl+F", "OAP-100",
})
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
#: Names, not words: snake_case keys, camelCase object names, ClassNames, CONSTANTS, .suffixes, #colours,
#: time zones, paths and shortcuts.
_NAME = "|".join((
    r"[a-z_][a-z0-9_.\-]*", r"[a-z]+(?:[A-Z][a-z0-9]*)+", r"(?:[A-Z][a-z0-9]+){2,}", r"[A-Z][A-Z0-9_]+", r"\.[a-z]+",
    r"#[0-9a-fA-F]{3,8}", r"[A-Z][a-z]+/[A-Za-z_/]+", r"[a-z]+/[\w/]*", r"/[\w/.]+", r"(?:Ctrl|Alt|Shift|Meta)\+[\w+]+",
))
#: Exceptions that report a programming error (to a developer, in a log), never shown at the desk.
PROGRAMMING_ERRORS = frozenset({"RuntimeError", "TypeError", "AssertionError", "NotImplementedError", "KeyError"})


@dataclass(frozen=True)
class Unwrapped:
    path: Path
    line: int
    text: str
    column: int = 0

    def __str__(self) -> str:
        return f"{self.path.relative_to(UI.parent.parent)}:{self.line}: {self.text}"


#: Small English words that make a sentence of what is around them: in an f-string's literal parts
#: (f"{left} of {capacity}", f" by {card}") or alone beside a field ("to" between two dates), they are text
#: even though, alone, each looks like a key.
LINKING_WORDS = frozenset({"to", "of", "by", "and", "or", "from", "at", "in", "on", "with", "for", "per", "ending",
                           "until", "since", "before", "after", "left", "more", "each"})


def links_words(literal: str) -> bool:
    """An f-string's literal parts (or a lone string) carry an English linking word."""
    return any(word in LINKING_WORDS for word in re.findall(r"(?<![\w{])[a-z]+(?![\w}])", literal))


def is_text(value: str) -> bool:
    """Words a person reads, not a name, a key or markup."""
    bare = re.sub(r"&[a-z]+;", " ", _TAG.sub("", value)).strip()
    if bare in NOT_TEXT or not _WORD.search(bare):
        return False
    if re.fullmatch(r"(?:[a-z-]+\s*:\s*[^;]+;\s*)+", bare):
        return False  # a style sheet ("color: #8a1c12;")
    return " " in bare or not re.fullmatch(_NAME, bare)


def _shown_words(node: ast.JoinedStr) -> bool:
    """The literal parts of an f-string shown as it is carry a word (not a name like OncoPOS)."""
    parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    words = [w for part in parts for w in _WORD.findall(_TAG.sub("", part))]
    return any(w not in NOT_TEXT for w in words)


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _receiver(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return ""


class _Finder(ast.NodeVisitor):
    def __init__(self, path: Path, source: str) -> None:
        self.path, self.source = path, source
        self.found: list[Unwrapped] = []

    def _add(self, node: ast.expr, text: str) -> None:
        self.found.append(Unwrapped(self.path, node.lineno, text, node.col_offset))

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node)
        if name in TRANSLATION_CALLS or name in NEVER_SHOWN or _receiver(node) in LOGGERS:
            return
        if name in SHOWN:  # the text is the first argument (a message box's come after its parent)
            texts = node.args[1:3] if name in {"information", "warning", "critical", "question", "about"} else node.args[:1]
            for arg in texts:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and not is_text(arg.value) \
                        and _WORD.search(arg.value) and arg.value not in NOT_TEXT:
                    self._add(arg, repr(arg.value))
                if isinstance(arg, ast.JoinedStr) and _shown_words(arg):  # setText(f"{n} events"): one word is text
                    self._add(arg, ast.get_source_segment(self.source, arg) or "f-string")
                    return
        if name in STRING_METHODS and isinstance(node.func, ast.Attribute):
            self.visit(node.func.value)
            return
        if name == "get" and isinstance(node.func, ast.Attribute):  # mapping.get(key, default): the default may show
            self.visit(node.func.value)
            for arg in node.args[1:]:
                self.visit(arg)
            return
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc
        if isinstance(exc, ast.Call) and isinstance(exc.func, ast.Name) and exc.func.id in PROGRAMMING_ERRORS:
            return
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant):  # a docstring
            return
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        return  # `status == "succeeded"`: a comparison is never shown

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self.visit(node.value)  # `labels["succeeded"]`: the key is not shown

    def visit_Dict(self, node: ast.Dict) -> None:
        for value in node.values:  # keys are looked up, values may be shown
            self.visit(value)

    def visit_arg(self, node: ast.arg) -> None:
        return  # annotations

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for statement in node.body:
            self.visit(statement)
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node: ast.Assign) -> None:
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        literal = "".join(parts)
        if not isinstance(node.values[0], ast.Constant) and re.fullmatch(r"[A-Z][A-Za-z]*", literal):
            return  # f"{name}Edit": an object name made from a field's name
        if is_text(literal) or any(" " in part and links_words(part) for part in parts):
            self._add(node, ast.get_source_segment(self.source, node) or literal)
            return
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and (is_text(node.value) or node.value.strip() in LINKING_WORDS):
            self._add(node, repr(node.value))


def unwrapped_in(path: Path) -> list[Unwrapped]:
    source = path.read_text(encoding="utf-8")
    finder = _Finder(path, source)
    finder.visit(ast.parse(source, filename=str(path)))
    return finder.found


def ui_files() -> list[Path]:
    return sorted(UI.rglob("*.py"))
