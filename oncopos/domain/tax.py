"""Canadian sales tax on an invoice: GST/HST plus PST, RST or QST, from dated rates.

Rules (see shared/CANADA.md):
- Rates are data (oncopos/resources/tax_rates.json) with effective dates; a quote uses the rates in
  force on its date, so reprinting an old invoice or quoting across a rate change is right.
- Each component is computed once per invoice on the sum of the lines it applies to, rounded
  ROUND_HALF_UP to the cent (ETA s.165.2). Rounding line by line could differ by a cent from
  what the invoice total shows, and the CRA reads the invoice.
- Provincial taxes are computed on the price before GST (no tax on tax).
- Exempt and zero-rated lines carry no tax at all; goods (kits) stay taxable, PST included.
- Quebec shows GST and QST as separate components, never a combined rate.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from oncopos.domain.errors import ConfigurationError, InvalidAmount, InvalidInput
from oncopos.domain.messages import Money, msg
from oncopos.domain.money import NBSP, normalize_locale

__all__ = [
    "COMPONENT_NAMES", "PROVINCES", "NoTaxRate", "TaxComponent", "TaxLine", "TaxQuote", "TaxRate",
    "TaxTable", "UnknownProvince", "allocate", "component_label", "component_name", "default_basis",
    "load_tax_table", "percent_label", "province_name", "quote",
]

Kind = Literal["service", "goods"]
Treatment = Literal["taxable", "exempt", "zero_rated"]
KINDS: tuple[str, ...] = ("service", "goods")
TREATMENTS: tuple[str, ...] = ("taxable", "exempt", "zero_rated")
COMPONENT_NAMES: tuple[str, ...] = ("GST", "HST", "PST", "RST", "QST")
#: Each component as the CRA and Revenu Québec name it in French: TPS, TVH, TVQ, TVP, and Manitoba's TVD.
_FRENCH_COMPONENT_NAMES: Mapping[str, str] = MappingProxyType(
    {"GST": "TPS", "HST": "TVH", "QST": "TVQ", "PST": "TVP", "RST": "TVD"})


def component_name(name: str, locale: str = "en-CA") -> str:
    """"HST" in English, "TVH" in French: a component is stored by its English code, read in the reader's words."""
    return _FRENCH_COMPONENT_NAMES.get(name, name) if normalize_locale(locale) == "fr" else name


def percent_label(rate: Decimal | str, locale: str = "en-CA") -> str:
    """``"9.975%"`` in English, ``"9,975 %"`` (no-break space) in French, with decimal arithmetic."""
    text = f"{Decimal(rate) * 100:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if normalize_locale(locale) == "fr":
        return f"{text.replace('.', ',')}{NBSP}%"
    return f"{text}%"


def component_label(name: str, rate: Decimal | str, locale: str = "en-CA") -> str:
    """"HST 13%" / "TVH 13 %", "QST 9.975%" / "TVQ 9,975 %": each component with its rate, never combined."""
    return f"{component_name(name, locale)} {percent_label(rate, locale)}"

# Names do not change with tax law, so they live in code rather than in the rate table.
_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "AB": ("Alberta", "Alberta"),
        "BC": ("British Columbia", "Colombie-Britannique"),
        "MB": ("Manitoba", "Manitoba"),
        "NB": ("New Brunswick", "Nouveau-Brunswick"),
        "NL": ("Newfoundland and Labrador", "Terre-Neuve-et-Labrador"),
        "NS": ("Nova Scotia", "Nouvelle-Écosse"),
        "NT": ("Northwest Territories", "Territoires du Nord-Ouest"),
        "NU": ("Nunavut", "Nunavut"),
        "ON": ("Ontario", "Ontario"),
        "PE": ("Prince Edward Island", "Île-du-Prince-Édouard"),
        "QC": ("Quebec", "Québec"),
        "SK": ("Saskatchewan", "Saskatchewan"),
        "YT": ("Yukon", "Yukon"),
    }
)
#: The 13 provinces and territories, by their Canada Post codes.
PROVINCES: tuple[str, ...] = tuple(_NAMES)


class UnknownProvince(InvalidInput):
    """A province code that is not one of the 13 provinces and territories."""

    def __init__(self, code: object) -> None:
        super().__init__(msg("province.unknown_code", code=str(code), codes=", ".join(PROVINCES)), field="province")


class NoTaxRate(InvalidInput):
    """The rate table does not reach back to the date asked for."""

    def __init__(self, province: str, on: date, since: date) -> None:
        super().__init__(msg("tax.no_rate", province=province, since=since.isoformat(), on=on.isoformat()), field="date")


@dataclass(frozen=True)
class TaxLine:
    """One invoice line as tax sees it: an amount before tax, what it is, how it is treated."""

    amount_cents: int
    kind: Kind
    treatment: Treatment
    description: str = ""
    #: The legal basis printed for an exempt or zero-rated line; `default_basis` when None.
    basis: str | None = None

    def __post_init__(self) -> None:
        _require_cents(self.amount_cents, "amount_cents")
        # Discounts and refunds are not negative lines: refunds reverse a payment's allocated
        # tax (see `allocate`), so a negative line here is a bug upstream.
        if self.amount_cents < 0:
            raise InvalidAmount(msg("tax.line_negative", line=self.description or 'line'))
        if self.kind not in KINDS:
            raise InvalidInput(msg("tax.line_kind", kind=repr(self.kind)), field="kind")
        if self.treatment not in TREATMENTS:
            raise InvalidInput(
                msg("tax.treatment", treatment=repr(self.treatment)),
                field="treatment",
            )


@dataclass(frozen=True)
class TaxComponent:
    """One tax on the invoice: ``TaxComponent("QST", Decimal("0.09975"), 10000, 998)``."""

    name: str
    rate: Decimal
    base_cents: int
    amount_cents: int

    def percent_label(self, locale: str = "en-CA") -> str:
        """``"9.975%"`` in English, ``"9,975 %"`` (no-break space) in French."""
        return percent_label(self.rate, locale)


@dataclass(frozen=True)
class TaxQuote:
    """The tax of one invoice. ``total_cents == subtotal_cents + tax_cents`` always."""

    province: str
    on: date
    lines: tuple[TaxLine, ...]
    components: tuple[TaxComponent, ...]
    subtotal_cents: int
    taxable_cents: int
    exempt_cents: int
    zero_rated_cents: int
    tax_cents: int
    total_cents: int

    def component(self, name: str) -> TaxComponent | None:
        return next((c for c in self.components if c.name == name), None)


@dataclass(frozen=True)
class TaxRate:
    """A component's rate over a period (``until`` inclusive; None means still in force)."""

    name: str
    rate: Decimal
    start: date
    until: date | None
    applies_to: frozenset[str]  # {"goods", "services"}
    #: SK PST on services depends on the service; the desk decides (services_taxed_in_sk).
    services_configurable: bool = False

    def in_force(self, on: date) -> bool:
        return self.start <= on and (self.until is None or on <= self.until)

    def taxes(self, kind: str, services_taxed_in_sk: bool) -> bool:
        if kind == "goods":
            return "goods" in self.applies_to
        return "services" in self.applies_to or (self.services_configurable and services_taxed_in_sk)


@dataclass(frozen=True, eq=False)
class TaxTable:
    """The dated rates of every province, as read from tax_rates.json."""

    provinces: Mapping[str, tuple[TaxRate, ...]]
    legal_basis: Mapping[str, Mapping[str, str]]
    source: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TaxTable:
        """Build and check a table; a broken file fails here, not in the middle of a sale."""
        try:
            provinces = {
                code.upper(): tuple(_parse_rate(code, c) for c in entry["components"])
                for code, entry in data["provinces"].items()
            }
            basis = {k: MappingProxyType(dict(v)) for k, v in data.get("legal_basis", {}).items()}
        except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
            raise ConfigurationError(msg("tax.table_malformed", exc=repr(exc))) from exc
        for code, rates in provinces.items():
            if code not in _NAMES:
                raise ConfigurationError(msg("tax.table_unknown_province", code=repr(code)))
            if not rates:
                raise ConfigurationError(msg("tax.table_no_rates", code=code))
            _check_no_overlap(code, rates)
        return cls(MappingProxyType(provinces), MappingProxyType(basis), str(data.get("source", "")))

    def covered_from(self, province: str) -> date:
        """The first day on which every component of the province is known."""
        rates = self._rates(province)
        firsts: dict[str, date] = {}
        for r in rates:
            firsts[r.name] = min(firsts.get(r.name, r.start), r.start)
        return max(firsts.values())

    def rates_on(self, province: str, on: date) -> tuple[TaxRate, ...]:
        """The components in force in `province` on `on`, GST first, in table order."""
        _require_date(on)
        code = _province_code(province)
        since = self.covered_from(code)
        if on < since:
            raise NoTaxRate(code, on, since)
        return tuple(r for r in self._rates(code) if r.in_force(on))

    def default_basis(self, treatment: str, locale: str = "en-CA") -> str | None:
        texts = self.legal_basis.get(treatment)
        if not texts:
            return None
        return texts.get(normalize_locale(locale)) or texts.get("en")

    def _rates(self, province: str) -> tuple[TaxRate, ...]:
        code = _province_code(province)
        try:
            return self.provinces[code]
        except KeyError:
            raise UnknownProvince(province) from None


@lru_cache(maxsize=4)
def load_tax_table(path: str | Path | None = None) -> TaxTable:
    """Read the rate table once (cached); `path` lets tests and managers use another file."""
    # Imported here so that importing the domain touches no file and needs no resources folder.
    from oncopos.resources import resource_path

    file = Path(path) if path is not None else resource_path("tax_rates.json")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(msg("tax.table_unreadable", file=str(file), exc=str(exc))) from exc
    return TaxTable.from_dict(data)


def province_name(code: str, locale: str = "en-CA") -> str:
    """``province_name("QC", "fr-CA") == "Québec"``."""
    names = _NAMES[_province_code(code)]
    return names[1] if normalize_locale(locale) == "fr" else names[0]


def default_basis(treatment: str, locale: str = "en-CA", *, table: TaxTable | None = None) -> str | None:
    """The legal basis to print for an exempt or zero-rated line that has none of its own."""
    return (table or load_tax_table()).default_basis(treatment, locale)


def quote(
    lines: Iterable[TaxLine],
    province: str,
    on: date,
    *,
    table: TaxTable | None = None,
    services_taxed_in_sk: bool = False,
) -> TaxQuote:
    """Compute the tax of an invoice made of `lines`, sold in `province` on `on`.

    Every component in force is returned, even with a zero base, so an invoice can say
    "QST 9.975%: $0.00" for an exempt course (Quebec shows the QST at any amount).
    """
    items = tuple(lines)
    for line in items:
        if not isinstance(line, TaxLine):
            raise TypeError(f"quote expects TaxLine items, got {type(line).__name__}")
    table = table or load_tax_table()
    code = _province_code(province)
    rates = table.rates_on(code, on)

    components = []
    for rate in rates:
        base = sum(
            line.amount_cents
            for line in items
            if line.treatment == "taxable" and rate.taxes(line.kind, services_taxed_in_sk)
        )
        # Each component on the price before any other tax: no tax on tax.
        components.append(TaxComponent(rate.name, rate.rate, base, _round_half_up(base, rate.rate)))

    def total_of(treatment: str) -> int:
        return sum(line.amount_cents for line in items if line.treatment == treatment)

    subtotal = sum(line.amount_cents for line in items)
    tax = sum(c.amount_cents for c in components)
    return TaxQuote(
        province=code,
        on=on,
        lines=items,
        components=tuple(components),
        subtotal_cents=subtotal,
        taxable_cents=total_of("taxable"),
        exempt_cents=total_of("exempt"),
        zero_rated_cents=total_of("zero_rated"),
        tax_cents=tax,
        total_cents=subtotal + tax,
    )


def allocate(amount_cents: int, quote: TaxQuote, *, paid_before_cents: int = 0) -> tuple[TaxComponent, ...]:
    """The tax included in a partial payment of ``quote.total_cents``, per component.

    The payment's pre-tax part is ``amount_cents - sum(c.amount_cents for c in result)``.
    The total is split into [pre-tax, component 1, component 2, ...] in proportion with the
    largest-remainder method, so the parts of one payment add up to the payment exactly.

    Why `paid_before_cents`: splitting each payment on its own could leave the invoices of all
    the payments a cent away from the tax the quote charged. Instead we split the cumulative
    amount paid after this payment and subtract the split of what was paid before; once the
    balance is paid, the payments' tax adds up to exactly the quote's components, and a credit
    note can reverse exactly what each payment's invoice showed. ``base_cents`` is the
    component's base in the same proportion (for display only).
    """
    _require_cents(amount_cents, "amount_cents")
    _require_cents(paid_before_cents, "paid_before_cents")
    if amount_cents < 0 or paid_before_cents < 0:
        raise InvalidAmount(msg("tax.split_negative"))
    left = quote.total_cents - paid_before_cents
    if amount_cents > left:
        raise InvalidAmount(
            msg("amount.more_than_left", amount=Money(amount_cents), left=Money(max(left, 0)))
        )
    after = _split(quote, paid_before_cents + amount_cents)
    before = _split(quote, paid_before_cents)
    return tuple(
        TaxComponent(c.name, c.rate, base_cents=a[0] - b[0], amount_cents=a[1] - b[1])
        for c, a, b in zip(quote.components, after, before, strict=True)
    )


def _split(quote: TaxQuote, paid: int) -> list[tuple[int, int]]:
    """(base, tax) of each component in the first `paid` cents of the quote's total."""
    whole = quote.total_cents
    if whole == 0:
        return [(0, 0) for _ in quote.components]
    weights = [quote.subtotal_cents] + [c.amount_cents for c in quote.components]
    shares = _largest_remainder(weights, paid, whole)[1:]
    # Integer half-up of base * paid / whole: base is informational and need not sum exactly.
    bases = [(2 * c.base_cents * paid + whole) // (2 * whole) for c in quote.components]
    return list(zip(bases, shares, strict=True))


def _largest_remainder(weights: list[int], part: int, whole: int) -> list[int]:
    """Split `part` in proportion to `weights` (which sum to `whole`) into integers summing to `part`."""
    floors = [w * part // whole for w in weights]
    remainders = [w * part % whole for w in weights]
    short = part - sum(floors)
    # Ties go to the earlier entry (pre-tax first) so the result is deterministic.
    for i in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:short]:
        floors[i] += 1
    return floors


def _round_half_up(base_cents: int, rate: Decimal) -> int:
    with localcontext() as ctx:
        ctx.prec = 50  # exact for any realistic base; the default 28 digits would be too
        return int((Decimal(base_cents) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _parse_rate(province: str, raw: Mapping[str, Any]) -> TaxRate:
    name = raw["name"]
    if name not in COMPONENT_NAMES:
        raise ValueError(f"{province}: unknown tax component {name!r}")
    if not isinstance(raw["rate"], str):
        raise ValueError(f"{province} {name}: write rates as strings, e.g. \"0.05\", to keep them exact")
    rate = Decimal(raw["rate"])
    if not (Decimal(0) <= rate < Decimal(1)):
        raise ValueError(f"{province} {name}: rate {rate} is not a fraction (0.05 means 5%)")
    applies_to = frozenset(raw["applies_to"])
    if not applies_to or not applies_to <= {"goods", "services"}:
        raise ValueError(f"{province} {name}: applies_to must list goods and/or services")
    until = date.fromisoformat(raw["until"]) if raw.get("until") else None
    start = date.fromisoformat(raw["from"])
    if until is not None and until < start:
        raise ValueError(f"{province} {name}: 'until' {until} is before 'from' {start}")
    return TaxRate(name, rate, start, until, applies_to, bool(raw.get("services_configurable", False)))


def _check_no_overlap(province: str, rates: tuple[TaxRate, ...]) -> None:
    # Two rates of the same tax in force on one day would make quotes depend on file order.
    for name in {r.name for r in rates}:
        periods = sorted((r for r in rates if r.name == name), key=lambda r: r.start)
        for earlier, later in itertools.pairwise(periods):
            if earlier.until is None or earlier.until >= later.start:
                raise ConfigurationError(msg("tax.table_overlap", name=name, province=province))


def _province_code(code: object) -> str:
    if not isinstance(code, str) or code.strip().upper() not in _NAMES:
        raise UnknownProvince(code)
    return code.strip().upper()


def _require_date(on: object) -> None:
    # A datetime would compare against dates with a TypeError deep inside; and which day a sale
    # belongs to depends on the business time zone, which the caller knows and we do not.
    if isinstance(on, datetime) or not isinstance(on, date):
        raise TypeError("Pass the sale's business date (datetime.date), not a datetime or text.")


def _require_cents(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be integer cents, got {type(value).__name__}")
