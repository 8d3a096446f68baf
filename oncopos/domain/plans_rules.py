"""Provincial career-college rules as data: how much may be collected before the contract is signed.

The rules live in oncopos/resources/career_college_rules.json, each with its text and its source,
so a refusal can say which rule refused and where it comes from; a province without a rule has no
limit. Parsing is pure; `load_college_rules` reads the shipped file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oncopos.domain.errors import InvalidAmount
from oncopos.domain.messages import Message, Money, msg


class DepositOverLimit(InvalidAmount):
    """More would be collected before the contract is signed than the province allows."""

    def __init__(self, message: Message | str, rule: CollegeRule) -> None:
        super().__init__(message)
        self.rule = rule


@dataclass(frozen=True, slots=True)
class CollegeRule:
    province: str
    kinds: frozenset[str]
    percent: int
    cap_cents: int
    text: Mapping[str, str]
    source: Mapping[str, str]
    url: str

    def limit_cents(self, fees_cents: int) -> int:
        """The lesser of `percent` of the fees (rounded down to the cent) and the cap."""
        return min(fees_cents * self.percent // 100, self.cap_cents)

    def says(self, lang: str = "en") -> str:
        return f"{self.text.get(lang, self.text['en'])} ({self.source.get(lang, self.source['en'])}, {self.url})"


@dataclass(frozen=True, slots=True)
class CollegeRules:
    rules: Mapping[str, CollegeRule]

    def for_enrollment(self, province: str, course_kind: str) -> CollegeRule | None:
        rule = self.rules.get(province.upper())
        return rule if rule is not None and course_kind in rule.kinds else None

    def check_before_contract(self, *, province: str, course_kind: str, fees_cents: int, collected_cents: int,
                              amount_cents: int) -> None:
        """Raise DepositOverLimit when `amount_cents` on top of `collected_cents` passes the limit."""
        rule = self.for_enrollment(province, course_kind)
        if rule is None:
            return
        limit = rule.limit_cents(fees_cents)
        if collected_cents + amount_cents <= limit:
            return
        room = max(limit - collected_cents, 0)
        raise DepositOverLimit(
            msg("plan.unsigned_limit", room=Money(room), limit=Money(limit), fees_cents=Money(fees_cents),
                collected_cents=Money(collected_cents), says=rule.says()), rule)


def parse_college_rules(data: Mapping[str, Any]) -> CollegeRules:
    rules: dict[str, CollegeRule] = {}
    for raw in data.get("rules", []):
        province = str(raw["province"]).upper()
        percent, cap = int(raw["before_contract_percent"]), int(raw["before_contract_cap_cents"])
        if not 0 <= percent <= 100 or cap < 0:
            raise ValueError(f"career college rule for {province}: percent 0-100 and a cap of 0 or more")
        if not raw.get("source") or not raw.get("rule") or not raw.get("url"):
            raise ValueError(f"career college rule for {province} names no rule text, source or address")
        rules[province] = CollegeRule(province, frozenset(raw.get("applies_to_kinds", ["program"])), percent, cap,
                                      dict(raw["rule"]), dict(raw["source"]), str(raw["url"]))
    return CollegeRules(rules)


def load_college_rules(path: str | Path | None = None) -> CollegeRules:
    # Imported here so that importing the domain touches no file (as domain.tax does).
    from oncopos.resources import resource_path

    file = Path(path) if path is not None else resource_path("career_college_rules.json")
    return parse_college_rules(json.loads(file.read_text(encoding="utf-8")))
