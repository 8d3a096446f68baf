"""Sales tax against the published rates, worked out by hand.

Rates (CRA "GST/HST rates" table; Revenu Québec for the QST; BC, MB, SK finance ministries):
GST 5%; HST ON 13%, NB/NL/PE 15%, NS 15% until 2025-03-31 then 14%; QC QST 9.975%;
BC PST 7%, MB RST 7% (8% before 2019-07-01), SK PST 6%. Every expected value below is the
arithmetic in its comment, not a value produced by the code under test.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from oncopos.domain.errors import ConfigurationError, InvalidAmount, InvalidInput
from oncopos.domain.tax import (
    PROVINCES,
    TaxLine,
    TaxTable,
    allocate,
    default_basis,
    load_tax_table,
    province_name,
    quote,
)
from oncopos.resources import resource_path

DAY = date(2026, 1, 5)
GST_ONLY = ("AB", "NT", "NU", "YT")


def service(cents: int, treatment: str = "taxable") -> TaxLine:
    return TaxLine(cents, "service", treatment, "Course")


def kit(cents: int, treatment: str = "taxable") -> TaxLine:
    return TaxLine(cents, "goods", treatment, "Kit")


def parts(q) -> dict[str, tuple[str, int, int]]:
    return {c.name: (str(c.rate), c.base_cents, c.amount_cents) for c in q.components}


# A taxable course (service) of $1,000.00 on 2026-01-05.
SERVICE_1000 = {
    **{p: ({"GST": ("0.05", 100000, 5000)}, 5000) for p in GST_ONLY},  # 1000.00 x 5% = 50.00
    "BC": ({"GST": ("0.05", 100000, 5000), "PST": ("0.07", 0, 0)}, 5000),  # no PST on the course
    "MB": ({"GST": ("0.05", 100000, 5000), "RST": ("0.07", 0, 0)}, 5000),  # no RST on the course
    "SK": ({"GST": ("0.05", 100000, 5000), "PST": ("0.06", 0, 0)}, 5000),  # services not taxed by default
    "ON": ({"HST": ("0.13", 100000, 13000)}, 13000),  # 1000.00 x 13% = 130.00
    "NB": ({"HST": ("0.15", 100000, 15000)}, 15000),  # 1000.00 x 15% = 150.00
    "NL": ({"HST": ("0.15", 100000, 15000)}, 15000),
    "PE": ({"HST": ("0.15", 100000, 15000)}, 15000),
    "NS": ({"HST": ("0.14", 100000, 14000)}, 14000),  # 14% since 2025-04-01 -> 140.00
    # GST 50.00 + QST 1000.00 x 9.975% = 99.75 (on the price before GST) -> 149.75
    "QC": ({"GST": ("0.05", 100000, 5000), "QST": ("0.09975", 100000, 9975)}, 14975),
}

# A taxable kit (goods) of $150.00 on 2026-01-05: provincial sales taxes apply.
KIT_150 = {
    **{p: ({"GST": ("0.05", 15000, 750)}, 750) for p in GST_ONLY},  # 150.00 x 5% = 7.50
    "BC": ({"GST": ("0.05", 15000, 750), "PST": ("0.07", 15000, 1050)}, 1800),  # 7.50 + 10.50
    "MB": ({"GST": ("0.05", 15000, 750), "RST": ("0.07", 15000, 1050)}, 1800),  # 7.50 + 10.50
    "SK": ({"GST": ("0.05", 15000, 750), "PST": ("0.06", 15000, 900)}, 1650),  # 7.50 + 9.00
    "ON": ({"HST": ("0.13", 15000, 1950)}, 1950),  # 19.50
    "NB": ({"HST": ("0.15", 15000, 2250)}, 2250),  # 22.50
    "NL": ({"HST": ("0.15", 15000, 2250)}, 2250),
    "PE": ({"HST": ("0.15", 15000, 2250)}, 2250),
    "NS": ({"HST": ("0.14", 15000, 2100)}, 2100),  # 21.00
    # QST 150.00 x 9.975% = 14.9625 -> 14.96; 7.50 + 14.96 = 22.46
    "QC": ({"GST": ("0.05", 15000, 750), "QST": ("0.09975", 15000, 1496)}, 2246),
}


def test_table_covers_all_13_provinces_and_territories():
    assert set(SERVICE_1000) == set(KIT_150) == set(PROVINCES)
    assert len(PROVINCES) == 13
    assert set(load_tax_table().provinces) == set(PROVINCES)


@pytest.mark.parametrize("province", PROVINCES)
def test_taxable_course_in_every_province(province):
    expected, tax = SERVICE_1000[province]
    q = quote([service(100000)], province, DAY)
    assert parts(q) == expected
    assert (q.subtotal_cents, q.tax_cents, q.total_cents) == (100000, tax, 100000 + tax)
    assert (q.taxable_cents, q.exempt_cents, q.zero_rated_cents) == (100000, 0, 0)


@pytest.mark.parametrize("province", PROVINCES)
def test_taxable_kit_in_every_province_includes_provincial_tax(province):
    expected, tax = KIT_150[province]
    q = quote([kit(15000)], province, DAY)
    assert parts(q) == expected
    assert q.total_cents == 15000 + tax


@pytest.mark.parametrize("province", PROVINCES)
@pytest.mark.parametrize("treatment", ["exempt", "zero_rated"])
@pytest.mark.parametrize("make", [service, kit])
def test_exempt_and_zero_rated_lines_carry_no_tax_at_all(province, treatment, make):
    q = quote([make(100000, treatment)], province, DAY)
    assert q.tax_cents == 0 and q.total_cents == 100000
    assert all(c.base_cents == 0 and c.amount_cents == 0 for c in q.components)
    assert getattr(q, f"{treatment}_cents") == 100000 and q.taxable_cents == 0


def test_saskatchewan_services_follow_the_desk_setting():
    # 1000.00 course: GST 50.00; PST 6% = 60.00 only when the desk says SK taxes the service.
    off = quote([service(100000)], "SK", DAY)
    on = quote([service(100000)], "SK", DAY, services_taxed_in_sk=True)
    assert parts(off)["PST"] == ("0.06", 0, 0) and off.total_cents == 105000
    assert parts(on)["PST"] == ("0.06", 100000, 6000) and on.total_cents == 111000


@pytest.mark.parametrize("province", ["BC", "MB"])
def test_sk_setting_does_not_put_pst_on_services_elsewhere(province):
    q = quote([service(100000)], province, DAY, services_taxed_in_sk=True)
    assert q.tax_cents == 5000  # GST only


def test_quebec_shows_gst_and_qst_separately_and_no_tax_on_tax():
    # 100.00 kit: GST 5.00; QST on 100.00 (not 105.00) = 9.975 -> 9.98; never one 14.975% line.
    q = quote([kit(10000)], "QC", DAY)
    assert [c.name for c in q.components] == ["GST", "QST"]
    assert parts(q) == {"GST": ("0.05", 10000, 500), "QST": ("0.09975", 10000, 998)}
    assert q.components[1].percent_label() == "9.975%"
    assert q.components[1].percent_label("fr-CA") == "9,975\u00a0%"


def test_mixed_invoice_exempt_course_and_taxable_kit():
    lines = [service(250000, "exempt"), kit(18999)]
    # QC: GST 189.99 x 5% = 9.4995 -> 9.50; QST 189.99 x 9.975% = 18.9515 -> 18.95; tax 28.45
    qc = quote(lines, "QC", DAY)
    assert parts(qc) == {"GST": ("0.05", 18999, 950), "QST": ("0.09975", 18999, 1895)}
    assert (qc.subtotal_cents, qc.tax_cents, qc.total_cents) == (268999, 2845, 271844)
    assert (qc.taxable_cents, qc.exempt_cents) == (18999, 250000)
    # ON: HST 189.99 x 13% = 24.6987 -> 24.70
    assert quote(lines, "ON", DAY).total_cents == 268999 + 2470
    # BC: GST 9.50 + PST 189.99 x 7% = 13.2993 -> 13.30; tax 22.80
    bc = quote(lines, "BC", DAY)
    assert parts(bc)["PST"] == ("0.07", 18999, 1330) and bc.tax_cents == 2280


@pytest.mark.parametrize(
    ("province", "on", "name", "rate", "amount"),
    [
        ("NS", date(2025, 3, 31), "HST", "0.15", 15000),  # last day of 15%: 1000.00 x 15%
        ("NS", date(2025, 4, 1), "HST", "0.14", 14000),  # first day of 14%
        ("MB", date(2019, 6, 30), "RST", "0.08", 800),  # kit 100.00 x 8% = 8.00
        ("MB", date(2019, 7, 1), "RST", "0.07", 700),  # kit 100.00 x 7% = 7.00
    ],
)
def test_rate_in_force_on_the_date_of_the_sale(province, on, name, rate, amount):
    line = service(100000) if province == "NS" else kit(10000)
    q = quote([line], province, on)
    c = q.component(name)
    assert c is not None and (str(c.rate), c.amount_cents) == (rate, amount)
    assert q.on == on and q.province == province


def test_rounding_is_half_up_on_the_group_total_not_per_line():
    # AB, three 0.10 kits: per line 0.005 -> 0.01 each = 0.03; on the total 0.30 x 5% = 0.015 -> 0.02.
    assert quote([kit(10)] * 3, "AB", DAY).tax_cents == 2
    # QC, three 10.05 kits (30.15): GST per line 0.5025 -> 0.50 (x3 = 1.50), on total 1.5075 -> 1.51;
    # QST per line 1.0024875 -> 1.00 (x3 = 3.00), on total 3.0074625 -> 3.01.
    q = quote([kit(1005)] * 3, "QC", DAY)
    assert parts(q) == {"GST": ("0.05", 3015, 151), "QST": ("0.09975", 3015, 301)}
    # ON, three 33.35 courses: per line 4.3355 -> 4.34 (x3 = 13.02); on 100.05 x 13% = 13.0065 -> 13.01.
    assert quote([service(3335)] * 3, "ON", DAY).tax_cents == 1301


def test_exact_half_cent_rounds_up_not_to_even():
    # 10.10 x 5% = 0.505 -> 0.51 (banker's rounding would give 0.50).
    assert quote([kit(1010)], "AB", DAY).tax_cents == 51
    # QC 60.00 kit: QST 60.00 x 9.975% = 5.985 -> 5.99 (half-even: 5.98); GST 3.00.
    assert parts(quote([kit(6000)], "QC", DAY))["QST"] == ("0.09975", 6000, 599)


@pytest.mark.parametrize("code", ["XX", "", "Quebec", "Q", None, 13])
def test_unknown_province_is_a_clear_input_error(code):
    with pytest.raises(InvalidInput, match="Unknown province or territory") as info:
        quote([service(100)], code, DAY)  # type: ignore[arg-type]
    assert info.value.field == "province"


def test_province_code_is_case_insensitive():
    assert quote([service(100000)], " qc ", DAY).province == "QC"


@pytest.mark.parametrize(
    ("province", "on", "since"),
    [
        ("AB", date(2007, 12, 31), "2008-01-01"),
        ("ON", date(2010, 6, 30), "2010-07-01"),
        ("QC", date(2012, 12, 31), "2013-01-01"),  # GST was known, QST not: refuse, don't half-quote
        ("PE", date(2016, 9, 30), "2016-10-01"),
        ("SK", date(2017, 3, 22), "2017-03-23"),
    ],
)
def test_date_before_any_known_rate_is_refused(province, on, since):
    with pytest.raises(InvalidInput, match=since):
        quote([service(100)], province, on)


def test_first_covered_day_is_accepted():
    # ON on its first HST day: 1000.00 x 13%.
    assert quote([service(100000)], "ON", date(2010, 7, 1)).tax_cents == 13000


def test_a_datetime_is_refused_because_the_business_day_is_the_callers_choice():
    with pytest.raises(TypeError):
        quote([service(100)], "QC", datetime(2026, 1, 5, 12))  # type: ignore[arg-type]


def test_invalid_lines_are_refused():
    with pytest.raises(InvalidAmount):
        TaxLine(-1, "goods", "taxable")
    with pytest.raises(InvalidInput):
        TaxLine(100, "food", "taxable")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        TaxLine(100, "goods", "tax-free")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        TaxLine(Decimal("1.00"), "goods", "taxable")  # type: ignore[arg-type]


def test_empty_invoice_is_all_zeros():
    q = quote([], "QC", DAY)
    assert (q.subtotal_cents, q.tax_cents, q.total_cents) == (0, 0, 0)


# --- the data file ------------------------------------------------------------------------


def test_rate_file_is_data_with_sources_and_legal_basis():
    data = json.loads(resource_path("tax_rates.json").read_text(encoding="utf-8"))
    assert "Canada Revenue Agency" in data["source"] and "Revenu Québec" in data["source"]
    for entry in data["provinces"].values():
        for component in entry["components"]:
            assert isinstance(component["rate"], str)  # exact, never a binary float
            assert set(component["applies_to"]) <= {"goods", "services"}
    exempt, zero = default_basis("exempt"), default_basis("zero_rated")
    assert exempt and "Schedule V, Part III, section 8" in exempt
    assert zero and "Schedule VI, Part V, section 18" in zero
    assert "annexe V, partie III, article 8" in (default_basis("exempt", "fr-CA") or "")
    assert default_basis("taxable") is None


def test_table_is_loaded_once_and_reads_rates_by_date():
    table = load_tax_table()
    assert load_tax_table() is table
    assert [(r.name, r.rate) for r in table.rates_on("NS", date(2025, 3, 31))] == [("HST", Decimal("0.15"))]
    assert [(r.name, r.rate) for r in table.rates_on("NS", date(2025, 4, 1))] == [("HST", Decimal("0.14"))]


def _table(components) -> dict:
    return {"provinces": {"AB": {"components": components}}}


GST = {"name": "GST", "rate": "0.05", "from": "2008-01-01", "until": None, "applies_to": ["goods", "services"]}


@pytest.mark.parametrize(
    "data",
    [
        _table([{**GST, "rate": 0.05}]),  # a float rate
        _table([{**GST, "name": "VAT"}]),
        _table([{**GST, "applies_to": ["food"]}]),
        _table([{**GST, "until": "2007-01-01"}]),
        _table([GST, {**GST, "from": "2020-01-01"}]),  # overlapping periods
        {"provinces": {"ZZ": {"components": [GST]}}},
        {"no": "provinces"},
    ],
)
def test_broken_rate_table_is_a_configuration_error(data):
    with pytest.raises(ConfigurationError):
        TaxTable.from_dict(data)


def test_a_custom_table_can_be_passed():
    table = TaxTable.from_dict(_table([{**GST, "rate": "0.07"}]))
    assert quote([service(10000)], "AB", DAY, table=table).tax_cents == 700  # 100.00 x 7%


def test_province_names():
    assert province_name("QC") == "Quebec" and province_name("QC", "fr-CA") == "Québec"
    assert province_name("PE", "fr-CA") == "Île-du-Prince-Édouard"
    with pytest.raises(InvalidInput):
        province_name("XX")


# --- partial payments -----------------------------------------------------------------------


def test_allocate_partial_payment_by_largest_remainder():
    # QC 1000.00 course: total 1149.75 = 1000.00 + GST 50.00 + QST 99.75. Pay 500.00:
    #   pre-tax 100000*50000/114975 = 43487.71 (rem 81175), GST 5000*50000/114975 = 2174.39
    #   (rem 44350), QST 9975*50000/114975 = 4337.90 (rem 103425); floors sum 49998, so the two
    #   largest remainders (QST, pre-tax) get a cent: GST 2174, QST 4338, pre-tax 43488.
    q = quote([service(100000)], "QC", DAY)
    first = allocate(50000, q)
    assert [(c.name, c.amount_cents) for c in first] == [("GST", 2174), ("QST", 4338)]
    # The rest (649.75) carries the rest of the tax: GST 5000-2174, QST 9975-4338.
    second = allocate(64975, q, paid_before_cents=50000)
    assert [(c.name, c.amount_cents) for c in second] == [("GST", 2826), ("QST", 5637)]


def test_allocate_whole_total_is_the_quote_itself():
    q = quote([service(250000, "exempt"), kit(18999)], "QC", DAY)
    assert allocate(q.total_cents, q) == q.components


def test_allocate_refuses_more_than_what_is_left():
    q = quote([service(100000)], "ON", DAY)  # 1130.00
    with pytest.raises(InvalidAmount, match="left on this invoice"):
        allocate(13001, q, paid_before_cents=100000)
    with pytest.raises(InvalidAmount):
        allocate(-1, q)


def _random_invoices(n: int):
    rng = random.Random(20260105)  # fixed seed: reproducible "property" cases without hypothesis
    for _ in range(n):
        lines = [
            TaxLine(rng.randint(0, 500000), rng.choice(["service", "goods"]),
                    rng.choice(["taxable", "taxable", "exempt", "zero_rated"]))
            for _ in range(rng.randint(1, 5))
        ]
        yield lines, rng.choice(PROVINCES), rng.choice([False, True]), rng


@pytest.mark.parametrize("case", range(60))
def test_properties_total_rounding_and_allocation(case):
    lines, province, sk, rng = list(_random_invoices(60))[case]
    q = quote(lines, province, DAY, services_taxed_in_sk=sk)
    assert q.total_cents == q.subtotal_cents + q.tax_cents
    assert q.tax_cents == sum(c.amount_cents for c in q.components)
    assert q.taxable_cents + q.exempt_cents + q.zero_rated_cents == q.subtotal_cents
    for c in q.components:
        exact = Fraction(c.base_cents) * Fraction(c.rate)  # an independent oracle for half-up
        assert exact - Fraction(1, 2) < c.amount_cents <= exact + Fraction(1, 2)
    # Pay in random instalments; each payment's parts fit inside it and the tax adds up exactly.
    paid, totals = 0, {c.name: 0 for c in q.components}
    while paid < q.total_cents:
        amount = min(q.total_cents - paid, rng.randint(1, max(1, q.total_cents // 2)))
        share = allocate(amount, q, paid_before_cents=paid)
        assert 0 <= sum(c.amount_cents for c in share) <= amount
        for c in share:
            totals[c.name] += c.amount_cents
        paid += amount
    assert totals == {c.name: c.amount_cents for c in q.components}
