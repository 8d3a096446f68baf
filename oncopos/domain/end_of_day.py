"""The end-of-day report as plain data, and the rules of what a business day is.

Pure Python (no database, no Stripe, no Qt): the repository fills these values from its reads of the
day (the lists and what it adds up from them), the service assembles them, the outputs (window, PDF,
CSV, text) only read them. A frozen report is `EndOfDayReport.to_dict()` stored with the day's
closure; `from_dict` gives the same value back.

What a business day is (the business time zone, America/Toronto by default):

- Day D normally covers completed payments with local midnight D <= completed_at < local midnight
  D+1, taken in UTC (so a payment at 23:59 Toronto time on D, already D+1 in UTC, is on D).
- A manager may close D before it ends (the desk closes at 18:00): everything completed at or
  after the close belongs to D+1. A close made after D ended (the next morning) cuts nothing.
  So: window(D) = [cut(D-1) if D-1 was closed early else start(D),  cut(D) if early else end(D)).
- Records that arrive after a close (a desk syncing late) cannot change the frozen report; the
  live figures of a closed day show them as arrivals after the close, for an admin to reopen.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from oncopos.domain.document_language import stored_language
from oncopos.domain.messages import Message, Money, catalogue, msg

# How a payment was collected, as the report (and the accountant) name it.
#: Through Stripe (reconciled with it), then taken by hand at the desk (counted in the drawer or at the bank).
STRIPE_CHANNELS = ("reader_card", "interac", "hosted")
HAND_CHANNELS = ("cash", "cheque", "etransfer")
CHANNELS = STRIPE_CHANNELS + HAND_CHANNELS
CHANNEL_LABELS = {"reader_card": "Reader card", "interac": "Interac (reader)", "hosted": "Hosted page",
                  "cash": "Cash", "cheque": "Cheque", "etransfer": "Interac e-Transfer"}
TREATMENTS = ("taxable", "exempt", "zero_rated")
IN_FLIGHT_STATUSES = ("quoted", "code_sent", "confirmed", "processing")
UNSUCCESSFUL_STATUSES = ("failed", "cancelled", "expired")


def channel_name(channel: str) -> Message | str:
    """How a person names a channel, the same on the report, its text export and the window: a tender taken by
    hand as the invoice names it (tender.label.*), a Stripe channel by eod.channel.*; an unknown code as it is."""
    key = f"tender.label.{channel}" if channel in HAND_CHANNELS else f"eod.channel.{channel}"
    return Message(key) if key in catalogue() else channel


def channel_of(method: str | None, payment_method_type: str | None) -> str:
    """Interac is told apart by the method type Stripe reported; the page by how it was taken."""
    if method in HAND_CHANNELS:
        return method
    if payment_method_type == "interac_present":
        return "interac"
    if method == "hosted" or payment_method_type == "card":
        return "hosted"
    return "reader_card"


def refund_channel(refund_method: str | None, method: str | None, payment_method_type: str | None) -> str:
    """How a refund's money went out: the tender it was sent back by (cash, cheque, e-Transfer), or
    else the way its payment was taken (a card refund goes back to the card)."""
    if refund_method in HAND_CHANNELS:
        return str(refund_method)
    return channel_of(method, payment_method_type)


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[local midnight of `day`, local midnight of the next day), in UTC. 23 or 25 hours on DST days."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def report_window(day: date, tz: ZoneInfo, *, previous_close: datetime | None, close: datetime | None
                  ) -> tuple[datetime, datetime]:
    """The UTC window of completed_at that belongs to `day`, given the closes of D-1 and D (if any)."""
    start, end = day_bounds(day, tz)
    if previous_close is not None and previous_close < start:
        start = previous_close  # D-1 was closed early: what came after its close is D's
    if close is not None and close < end:
        end = close  # D itself closed early: what comes after belongs to D+1
    return start, end


def hour_starts(start: datetime, end: datetime) -> list[datetime]:
    """UTC instants of each hour in [start, end), on whole UTC hours.

    Toronto's offsets are whole hours, so local and UTC hours share boundaries; counting elapsed
    hours rather than clock labels gives 23 buckets on the spring-forward day and 25 in the fall.
    """
    first = start.replace(minute=0, second=0, microsecond=0)
    out = []
    at = first
    while at < end:
        out.append(at)
        at += timedelta(hours=1)
    return out


@dataclass(frozen=True)
class Window:
    """The rows of a report: completed in [start, end) (UTC), on one desk or by one staff member if set."""

    start: datetime
    end: datetime
    workstation_id: str | None = None
    staff_id: uuid.UUID | None = None


@dataclass(frozen=True)
class MethodLine:
    channel: str  # reader_card, interac, hosted
    brand: str  # visa, mastercard, interac, ... ("unknown" when Stripe gave none)
    count: int
    amount_cents: int

    @property
    def label(self) -> str:
        if self.channel == "interac" or self.channel in HAND_CHANNELS:
            return CHANNEL_LABELS[self.channel]
        return f"{CHANNEL_LABELS[self.channel]} — {self.brand.title()}"


@dataclass(frozen=True)
class TaxTotal:
    """One tax component at one rate: what invoices collected and credit notes gave back."""

    name: str  # GST, HST, PST, RST, QST
    rate: str  # as stored on the documents, e.g. "0.13"
    collected_cents: int
    reversed_cents: int

    @property
    def net_cents(self) -> int:
        return self.collected_cents - self.reversed_cents

    @property
    def label(self) -> str:
        percent = f"{_percent(self.rate)}%"
        return f"{self.name} {percent}"


def _percent(rate: str) -> str:
    """"0.09975" -> "9.975", "0.13" -> "13"."""
    return f"{(Decimal(rate) * 100).normalize():f}"


@dataclass(frozen=True)
class SalesLine:
    """Sales before tax by treatment (taxable, exempt, zero-rated), from invoices and credit notes."""

    treatment: str
    invoiced_cents: int
    credited_cents: int

    @property
    def net_cents(self) -> int:
        return self.invoiced_cents - self.credited_cents


def tax_totals(collected: dict[tuple[str, str], int], reversed_: dict[tuple[str, str], int]) -> list[TaxTotal]:
    """The tax lines by component and rate, in name and rate order: what invoices collected and
    credit notes gave back."""
    return [TaxTotal(name, rate, collected.get((name, rate), 0), reversed_.get((name, rate), 0))
            for name, rate in sorted({*collected, *reversed_})]


def sales_lines(payments: Iterable[PaymentRow], credited: dict[str, int]) -> list[SalesLine]:
    """Sales by treatment: what the window's invoices billed before tax, each line of a payment made
    for several enrollments under its own treatment, and what was `credited`. A payment without an
    invoice bills nothing here (the report flags it). Added up from the rows the report lists
    rather than queried again: on a busy day that second pass cost a sixth of the report."""
    invoiced: dict[str, int] = {}
    for payment in payments:
        if payment.invoice_number is None:
            continue
        if payment.lines:
            for line in payment.lines:
                invoiced[line.treatment] = invoiced.get(line.treatment, 0) + line.subtotal_cents
        else:  # the payment's own line (each_line), without making one per payment of a busy day
            invoiced[payment.treatment] = invoiced.get(payment.treatment, 0) + payment.subtotal_cents
    return [SalesLine(t, invoiced.get(t, 0), credited.get(t, 0)) for t in ("taxable", "exempt", "zero_rated")]


@dataclass(frozen=True)
class RefundLine:
    channel: str
    count: int
    amount_cents: int
    tax_cents: int  # the tax the credit notes reversed


@dataclass(frozen=True)
class PartyLine:
    """A staff member or a workstation: what they collected and refunded."""

    key: str
    label: str
    payments: int
    collected_cents: int
    refunds: int
    refunded_cents: int

    @property
    def net_cents(self) -> int:
        return self.collected_cents - self.refunded_cents


@dataclass(frozen=True)
class HourLine:
    starts_at: datetime  # UTC
    count: int
    amount_cents: int


@dataclass(frozen=True)
class AttemptLine:
    status: str  # failed, cancelled, expired, or in_flight
    count: int
    amount_cents: int


@dataclass(frozen=True)
class OverpaymentLine:
    enrollment_id: str
    student: str
    over_cents: int
    workstations: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class AmountFlag:
    """A payment where Stripe collected another amount than the one quoted: not invoiced, for a manager."""

    payment_id: str
    at: datetime
    workstation_id: str
    quoted_cents: int
    received_cents: int
    payment_intent_id: str | None

    @property
    def message(self) -> Message:
        return msg("eod.amount_flag", payment=self.payment_id, desk=self.workstation_id, quoted=Money(self.quoted_cents),
                   received=Money(self.received_cents), intent=self.payment_intent_id or "?")


@dataclass(frozen=True)
class PaymentRowLine:
    """One enrollment's part of a payment made for several (a program, its kit): its course and its share."""

    course: str
    treatment: str
    subtotal_cents: int
    tax_cents: int
    amount_cents: int
    taxes: dict[str, int]


@dataclass(frozen=True)
class PaymentRow:
    payment_id: str
    completed_at: datetime
    invoice_number: str | None
    workstation_id: str
    staff: str
    channel: str
    brand: str
    last4: str | None
    treatment: str
    subtotal_cents: int
    tax_cents: int
    amount_cents: int
    taxes: dict[str, int]  # component name -> cents, from the invoice
    payment_intent_id: str | None
    charge_id: str | None = None
    course: str = ""  # the enrollment's course (a payment for several: the first line's)
    #: A payment made for several enrollments: each line with its course and its part; () for one.
    lines: tuple[PaymentRowLine, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaymentRow:
        values = dict(data)
        values["completed_at"] = _dt(values["completed_at"])
        values["lines"] = tuple(PaymentRowLine(**line) for line in values.get("lines", ()))
        return cls(**values)

    def each_line(self) -> tuple[PaymentRowLine, ...]:
        """The payment as the lines it paid: its own, or each enrollment's of a payment made for several."""
        return self.lines or (PaymentRowLine(self.course, self.treatment, self.subtotal_cents, self.tax_cents,
                                             self.amount_cents, self.taxes),)


#: A staff member's or a desk's share of a list: key -> [label, count, cents].
PartyTotals = dict[str, list[Any]]


@dataclass(frozen=True)
class DayPayments:
    """A window's payments as the report lists them, and the breakdowns added up from the same rows:
    what their invoices collected by tax component and rate, the payments by method and by hour, and
    each staff member's and desk's count and amount. One read of the day serves them all, where an
    aggregate query per breakdown read the day's rows again each time."""

    rows: list[PaymentRow]
    taxes_collected: dict[tuple[str, str], int]
    methods: list[MethodLine]
    hours: list[HourLine]
    staff: PartyTotals
    workstations: PartyTotals


@dataclass(frozen=True)
class DayRefunds:
    """A window's refunds as the report lists them, and the breakdowns added up from the same rows:
    the refunds by channel, what their credit notes gave back by tax component and rate, what was
    credited before tax by treatment, and each staff member's and desk's count and amount."""

    rows: list[RefundRow]
    lines: list[RefundLine]
    reversed_taxes: dict[tuple[str, str], int]
    credited: dict[str, int]
    staff: PartyTotals
    workstations: PartyTotals


def party_lines(paid: PartyTotals, refunded: PartyTotals) -> list[PartyLine]:
    """The staff members (or desks) who took or refunded money, by label: what they collected and refunded."""
    lines: dict[str, list[Any]] = {}
    for key, (label, n, cents) in paid.items():
        lines[key] = [label, n, cents, 0, 0]
    for key, (label, n, cents) in refunded.items():
        line = lines.setdefault(key, [label, 0, 0, 0, 0])
        line[3:5] = [n, cents]
    return sorted((PartyLine(key, *line) for key, line in lines.items()), key=lambda p: p.label.lower())


@dataclass(frozen=True)
class RefundRow:
    refund_id: str
    payment_id: str
    completed_at: datetime
    credit_note_number: str | None
    workstation_id: str
    staff: str
    channel: str
    treatment: str
    subtotal_cents: int
    tax_cents: int
    amount_cents: int
    taxes: dict[str, int]
    stripe_refund_id: str | None
    source: str  # app or dashboard


@dataclass(frozen=True)
class DrawerMoveLine:
    """Cash put into or taken out of a drawer by hand: a cash in, a paid-out, a cash refund."""

    kind: str  # cash_in, paid_out, cash_refund
    at: datetime
    staff: str
    amount_cents: int
    reason: str


@dataclass(frozen=True)
class DrawerLine:
    """One desk's cash drawer of the day: what it should hold and, once closed, what was counted."""

    workstation_id: str
    status: str  # open, closed
    opened_by: str
    float_cents: int
    cash_payments: int
    cash_sales_cents: int  # kept for payments: their amounts plus the rounding to 5 cents
    cash_rounding_cents: int
    cash_in_cents: int
    paid_out_cents: int
    cash_returned_cents: int
    expected_cents: int
    counted_cents: int | None = None
    difference_cents: int | None = None
    difference_reason: str | None = None
    approved_by: str | None = None
    moves: tuple[DrawerMoveLine, ...] = ()  # in the order they were made
    #: The count at the close: (denomination in cents, number), largest first.
    counts: tuple[tuple[int, int], ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DrawerLine:
        values = dict(data)
        values["moves"] = tuple(DrawerMoveLine(**{**m, "at": _dt(m["at"])}) for m in values.get("moves", ()))
        values["counts"] = tuple((int(d), int(n)) for d, n in values.get("counts", ()))
        return cls(**values)

    @property
    def counted_takings_cents(self) -> int | None:
        """The cash the count says came from payments: counted less float and movements, less the difference."""
        if self.counted_cents is None or self.difference_cents is None:
            return None
        return (self.counted_cents - self.difference_cents - self.float_cents - self.cash_in_cents
                + self.paid_out_cents + self.cash_returned_cents)


@dataclass(frozen=True)
class ReportScope:
    day: date
    workstation_id: str | None = None
    staff_id: str | None = None
    staff_label: str | None = None

    @property
    def label(self) -> str:
        if self.workstation_id:
            return f"workstation {self.workstation_id}"
        if self.staff_label or self.staff_id:
            return f"staff member {self.staff_label or self.staff_id}"
        return "all desks"

    def message(self) -> Message:
        """The scope in the reader's language: "All desks" / « Tous les postes », "Workstation DESK1"."""
        if self.workstation_id:
            return msg("eod.scope.workstation", id=self.workstation_id)
        if self.staff_label or self.staff_id:
            return msg("eod.scope.staff", id=self.staff_label or self.staff_id or "")
        return msg("eod.scope.all")


@dataclass(frozen=True)
class ClosureRecord:
    """A closed day as stored: the frozen data with its hash, and the PDF's path and hash."""

    id: uuid.UUID
    business_date: date
    closed_at: datetime
    closed_by_name: str
    window_start: datetime
    window_end: datetime
    payment_count: int
    collected_cents: int
    data: dict[str, Any]
    data_sha256: str
    pdf_path: str
    pdf_sha256: str


@dataclass(frozen=True)
class EndOfDayReport:
    scope: ReportScope
    timezone: str
    window_start: datetime
    window_end: datetime
    generated_at: datetime
    methods: tuple[MethodLine, ...]
    taxes: tuple[TaxTotal, ...]
    sales: tuple[SalesLine, ...]
    refunds: tuple[RefundLine, ...]
    staff: tuple[PartyLine, ...]
    workstations: tuple[PartyLine, ...]
    hours: tuple[HourLine, ...]
    attempts: tuple[AttemptLine, ...]
    overpayments: tuple[OverpaymentLine, ...]
    payments: tuple[PaymentRow, ...] = ()
    refund_rows: tuple[RefundRow, ...] = ()
    uninvoiced_payments: int = 0  # succeeded payments without an invoice: their tax is not in `taxes`
    # Each workstation's audit chain head when the report was made ("DESK1 #1234 <hash>"): a paper
    # anchor that a cut or rewritten trail no longer matches (`oncopos audit verify`).
    audit_heads: tuple[str, ...] = ()
    amount_flags: tuple[AmountFlag, ...] = ()  # Stripe collected another amount than quoted
    drawers: tuple[DrawerLine, ...] = ()  # each desk's cash drawer of the day
    # The language the report is written in (a document language: "en", "fr", "fr-en"...), frozen with
    # it at the close so a reprint reads as the original; a report frozen before it was kept is English.
    language: str = "en"
    # The edition of the report's words, frozen with it: 1, the first releases' (« Comptant », « Sortie »);
    # 2, the catalogue's names, one per tender and drawer movement as the till and the invoice say them.
    words: int = 2
    closed: dict[str, Any] | None = field(default=None, compare=False)  # closure facts when frozen

    @property
    def timezone_info(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    # --- totals: every one is a sum of lines, so the report adds up by construction ----------
    @property
    def payment_count(self) -> int:
        return sum(m.count for m in self.methods)

    @property
    def collected_cents(self) -> int:
        return sum(m.amount_cents for m in self.methods)

    @property
    def refund_count(self) -> int:
        return sum(r.count for r in self.refunds)

    @property
    def refunded_cents(self) -> int:
        return sum(r.amount_cents for r in self.refunds)

    @property
    def net_cents(self) -> int:
        return self.collected_cents - self.refunded_cents

    @property
    def tax_collected_cents(self) -> int:
        return sum(t.collected_cents for t in self.taxes)

    @property
    def tax_reversed_cents(self) -> int:
        return sum(t.reversed_cents for t in self.taxes)

    @property
    def net_tax_cents(self) -> int:
        return self.tax_collected_cents - self.tax_reversed_cents

    def channel_totals(self) -> dict[str, tuple[int, int]]:
        """channel -> (count, cents) of payments, in the fixed order of CHANNELS."""
        out = dict.fromkeys(CHANNELS, (0, 0))
        for m in self.methods:
            count, cents = out[m.channel]
            out[m.channel] = (count + m.count, cents + m.amount_cents)
        return out

    def inconsistencies(self) -> list[Message]:
        """Cross-checks a reader would make by hand; empty when every breakdown adds up."""
        problems = []
        sums = {
            "hour": sum(h.amount_cents for h in self.hours),
            "workstation": sum(w.collected_cents for w in self.workstations),
            "staff": sum(s.collected_cents for s in self.staff),
        }
        for name, cents in sums.items():
            if cents != self.collected_cents:
                problems.append(msg("eod.check.by_part", part=msg(f"eod.check.part.{name}"), sum=Money(cents),
                                    collected=Money(self.collected_cents)))
        if self.payments and sum(p.amount_cents for p in self.payments) != self.collected_cents:
            problems.append(msg("eod.check.list"))
        problems += self.drawer_problems()
        return problems

    def tender_totals(self) -> dict[str, int]:
        """Cents collected per tender (the channels), in the order of CHANNELS."""
        return {c: cents for c, (_n, cents) in self.channel_totals().items()}

    def drawer_problems(self) -> list[Message]:
        """Cash by tender against the drawers: the cash payments of the day are what the drawers took."""
        if not self.drawers:
            return []
        problems = []
        cash = self.tender_totals()["cash"]
        taken = sum(d.cash_sales_cents - d.cash_rounding_cents for d in self.drawers)
        if taken != cash:
            problems.append(msg("eod.check.cash", cash=Money(cash), taken=Money(taken)))
        for d in self.drawers:
            counted = d.counted_takings_cents
            if counted is not None and counted != d.cash_sales_cents:
                problems.append(msg("eod.check.drawer", desk=d.workstation_id, counted=Money(counted),
                                    recorded=Money(d.cash_sales_cents)))
        return problems

    # --- freezing -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The report's data, as frozen at a close; `closed` describes the storage, so it stays out."""
        data: dict[str, Any] = _plain(asdict(self))
        data.pop("closed")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EndOfDayReport:
        scope = data["scope"]
        return cls(
            scope=ReportScope(date.fromisoformat(scope["day"]), scope.get("workstation_id"), scope.get("staff_id"),
                              scope.get("staff_label")),
            timezone=data["timezone"], window_start=_dt(data["window_start"]), window_end=_dt(data["window_end"]),
            generated_at=_dt(data["generated_at"]),
            methods=_rows(MethodLine, data["methods"]), taxes=_rows(TaxTotal, data["taxes"]),
            sales=_rows(SalesLine, data["sales"]), refunds=_rows(RefundLine, data["refunds"]),
            staff=_rows(PartyLine, data["staff"]), workstations=_rows(PartyLine, data["workstations"]),
            hours=_rows(HourLine, data["hours"]), attempts=_rows(AttemptLine, data["attempts"]),
            overpayments=_rows(OverpaymentLine, data["overpayments"]),
            payments=tuple(PaymentRow.from_dict(p) for p in data["payments"]), refund_rows=_rows(RefundRow, data["refund_rows"]),
            uninvoiced_payments=int(data.get("uninvoiced_payments", 0)),
            audit_heads=tuple(str(h) for h in data.get("audit_heads", ())),
            amount_flags=_rows(AmountFlag, data.get("amount_flags", [])),
            drawers=tuple(DrawerLine.from_dict(d) for d in data.get("drawers", [])),
            language=stored_language(data.get("language", "en")),
            words=int(data.get("words", 1)),
        )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _rows(cls: type, items: list[dict[str, Any]]) -> tuple[Any, ...]:
    out = []
    for item in items:
        values = dict(item)
        for f in fields(cls):
            if f.type in ("datetime",) and isinstance(values.get(f.name), str):
                values[f.name] = _dt(values[f.name])
            elif f.type.startswith("tuple") and isinstance(values.get(f.name), list):
                values[f.name] = tuple(values[f.name])
        out.append(cls(**values))
    return tuple(out)
