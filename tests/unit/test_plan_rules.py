"""The arithmetic of plans and statements, and the provincial rules as data (no database)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from oncopos.domain.plans import (
    DEPOSIT,
    DUE,
    INSTALMENT,
    OVERDUE,
    PAID,
    PART_PAID,
    UPCOMING,
    PlanInvalid,
    PlanLine,
    PlanTemplate,
    add_months,
    check_schedule,
    line_states,
    schedule,
)
from oncopos.domain.plans_rules import DepositOverLimit, load_college_rules, parse_college_rules
from oncopos.domain.statement import CHARGE, CREDIT, PAYMENT, REFUND, WITHDRAWAL, StatementEvent, statement_lines
from oncopos.domain.statement import INSTALMENT as PLAN_LINE

JAN31 = date(2027, 1, 31)


def test_months_keep_the_day_or_take_the_last_of_a_short_month() -> None:
    assert [add_months(JAN31, n) for n in (1, 2, 3, 13)] == [date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30),
                                                            date(2028, 2, 29)]


@pytest.mark.parametrize(("balance", "remainder_on", "expected"), [
    (100_000, "last", [30_000, 23_333, 23_333, 23_334]),
    (100_000, "first", [30_000, 23_334, 23_333, 23_333]),
    (113_001, "last", [33_900, 26_367, 26_367, 26_367]),  # 30 % of 1,130.01 rounds down to 339.00
])
def test_a_template_splits_to_the_cent_with_the_remainder_where_it_says(balance: int, remainder_on: str,
                                                                        expected: list[int]) -> None:
    lines = schedule(balance, PlanTemplate(3000, 3, 1, remainder_on), JAN31)
    assert [line.amount_cents for line in lines] == expected and sum(expected) == balance
    assert [line.kind for line in lines] == [DEPOSIT, INSTALMENT, INSTALMENT, INSTALMENT]
    assert [line.due_on for line in lines] == [JAN31, date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]


def test_bad_templates_and_schedules_say_what_to_change() -> None:
    with pytest.raises(PlanInvalid, match="between 0 % and 100 %"):
        schedule(1000, PlanTemplate(12_000, 3), JAN31)
    with pytest.raises(PlanInvalid, match="Nothing is owing"):
        schedule(0, PlanTemplate(3000, 3), JAN31)
    with pytest.raises(PlanInvalid, match="cannot be split into 3 instalments"):
        schedule(2, PlanTemplate(0, 3), JAN31)
    lines = [PlanLine(0, DEPOSIT, JAN31, 500), PlanLine(1, INSTALMENT, date(2027, 1, 1), 500)]
    with pytest.raises(PlanInvalid, match="Instalment 1 is due before Deposit"):
        check_schedule(lines, 1000, course_ends_on=None)
    with pytest.raises(PlanInvalid, match=r"Deposit is \$0.00"):
        check_schedule([PlanLine(0, DEPOSIT, JAN31, 0)], 0, course_ends_on=None)
    with pytest.raises(PlanInvalid, match=r"add up to \$10.00, but the balance is \$9.00: put \$1.00 less"):
        check_schedule([PlanLine(0, DEPOSIT, JAN31, 1000)], 900, course_ends_on=None)


def test_payments_cover_the_lines_in_due_order_and_a_line_paid_by_its_own_link_counts_as_such() -> None:
    link = uuid.uuid4()
    lines = [PlanLine(0, DEPOSIT, date(2027, 1, 1), 300), PlanLine(1, INSTALMENT, date(2027, 2, 1), 400),
             PlanLine(2, INSTALMENT, date(2027, 3, 1), 300, paid_payment_id=link)]
    states = line_states(lines, 300 + 100 + 300, date(2027, 2, 1), {link: 300})
    assert [(s.state, s.paid_cents) for s in states] == [(PAID, 300), (DUE, 100), (PAID, 300)]
    later = line_states(lines, 350, date(2027, 2, 2))
    assert [s.state for s in later] == [PAID, OVERDUE, UPCOMING] and later[1].owing_cents == 350
    early = line_states(lines, 100, date(2026, 12, 1))
    assert [s.state for s in early] == [PART_PAID, UPCOMING, UPCOMING]


def test_the_ontario_rule_is_the_lesser_of_20_percent_and_500_dollars_and_names_its_source() -> None:
    rules = load_college_rules()
    rule = rules.for_enrollment("on", "program")
    assert rule is not None and rule.limit_cents(113_000) == 22_600 and rule.limit_cents(1_130_000) == 50_000
    assert "O. Reg. 415/06" in rule.says() and rule.url.startswith("https://www.ontario.ca/laws/")
    assert "Règl. de l'Ont. 415/06" in rule.says("fr")
    assert rules.for_enrollment("ON", "kit") is None and rules.for_enrollment("BC", "program") is None
    rules.check_before_contract(province="ON", course_kind="program", fees_cents=113_000, collected_cents=10_000,
                                amount_cents=12_600)
    with pytest.raises(DepositOverLimit, match=r"At most \$126.00 more") as caught:
        rules.check_before_contract(province="ON", course_kind="program", fees_cents=113_000, collected_cents=10_000,
                                    amount_cents=12_601)
    assert caught.value.rule is rule
    with pytest.raises(ValueError, match="names no rule text, source or address"):
        parse_college_rules({"rules": [{"province": "QC", "before_contract_percent": 10, "before_contract_cap_cents": 1,
                                        "rule": {"en": "x"}, "url": "https://example"}]})


def _at(day: int, hour: int = 15) -> datetime:
    return datetime(2026, 10, day, hour, tzinfo=UTC)


def test_each_statement_line_carries_the_balance_after_it() -> None:
    events = [
        StatementEvent(_at(5), PAYMENT, "Program", 50_000),
        StatementEvent(_at(1), CHARGE, "Program", 113_000),
        StatementEvent(_at(2), CHARGE, "Kit", 22_600),
        StatementEvent(_at(5, 16), REFUND, "Program", 10_000),
        StatementEvent(_at(9), WITHDRAWAL, "Kit", 22_600),
        StatementEvent(_at(9), CREDIT, "Kit", 0),
        StatementEvent(_at(20), PLAN_LINE, "Program", 36_500),
    ]
    lines = statement_lines(events)
    assert [(x.event.kind, x.balance_after_cents) for x in lines] == [
        (CHARGE, 113_000), (CHARGE, 135_600), (PAYMENT, 85_600), (REFUND, 95_600), (WITHDRAWAL, 73_000),
        (CREDIT, 73_000), (PLAN_LINE, 73_000)]
    # A payment at the very moment of its charge comes after the charge.
    same = statement_lines([StatementEvent(_at(1), PAYMENT, "x", 100), StatementEvent(_at(1), CHARGE, "x", 100)])
    assert [x.balance_after_cents for x in same] == [100, 0]
