"""The catalogue of what the core says: every id in both languages with the same placeholders,
every id the code uses present, and parameters rendered in the reader's language."""

from __future__ import annotations

import ast
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from oncopos.domain.errors import (
    InvalidInput,
    PaymentDeclined,
    UserFacingError,
    error_text,
)
from oncopos.domain.messages import (
    Count,
    Day,
    Duration,
    Message,
    Moment,
    Money,
    catalogue,
    explain_failure,
    msg,
    placeholders,
    render,
    render_both,
)

PACKAGE = Path(__file__).resolve().parents[2] / "oncopos"
NBSP = "\u00a0"
TORONTO = ZoneInfo("America/Toronto")


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_message_has_both_texts_with_the_same_placeholders(key: str) -> None:
    en, fr = catalogue()[key]
    assert en.strip() and fr.strip(), f"{key} has an empty text"
    assert placeholders(en) == placeholders(fr), f"{key}: {placeholders(en)} in English, {placeholders(fr)} in French"


def test_sentences_are_really_translated() -> None:
    # A sentence of four words or more that reads the same in both languages was not translated.
    same = [key for key, (en, fr) in catalogue().items() if en == fr and len(en.split()) >= 4]
    assert not same, f"untranslated: {same}"


def test_french_texts_use_french_quotes_and_no_english_quotes_around_values() -> None:
    # A value the person typed is quoted « like this » in French, never 'like this'.
    bad = [key for key, (_en, fr) in catalogue().items() if re.search(r"'\{[a-z_]+\}'", fr)]
    assert not bad, bad


def _ids_used_in_code() -> tuple[set[str], set[str]]:
    """Literal ids passed to msg(...), and the prefixes of f-string ids (msg(f"stripe.reader.{code}"))."""
    literal: set[str] = set()
    prefixes: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    literal.add(first.value)
                elif isinstance(first, ast.JoinedStr) and first.values and isinstance(first.values[0], ast.Constant):
                    prefixes.add(str(first.values[0].value))
    return literal, prefixes


def test_every_id_the_code_uses_is_in_the_catalogue() -> None:
    literal, prefixes = _ids_used_in_code()
    assert len(literal) > 100, "the scan found too few ids; is msg() still the constructor?"
    assert not literal - set(catalogue()), sorted(literal - set(catalogue()))
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in catalogue()), f"no message starts with {prefix!r}"


def test_every_permission_and_role_is_named_in_both_languages() -> None:
    from oncopos.domain.access import Permission, Role

    missing = [f"permission.{p.value}" for p in Permission if f"permission.{p.value}" not in catalogue()]
    missing += [f"role.{r.value}" for r in Role if f"role.{r.value}" not in catalogue()]
    assert not missing, missing


def test_an_unknown_id_is_refused_when_the_message_is_built() -> None:
    with pytest.raises(KeyError):
        msg("no.such.message")


def test_amounts_are_written_for_the_reader() -> None:
    m = msg("amount.over_balance", amount=Money(123456), balance=Money(100000))
    assert m.text("fr-CA") == (f"1{NBSP}234,56{NBSP}$ dépasse le solde dû de 1{NBSP}000,00{NBSP}$. "
                               f"Saisissez 1{NBSP}000,00{NBSP}$ ou moins.")
    assert str(m) == "$1,234.56 is more than the balance owing of $1,000.00. Enter $1,000.00 or less."


def test_moments_are_in_the_business_zone_and_the_readers_words() -> None:
    closed = datetime(2026, 12, 1, 18, 30, tzinfo=UTC)  # 13:30 in Toronto (EST)
    m = msg("eod.closed_line", at=Moment(closed, TORONTO), by="rita")
    assert m.text("fr-CA") == "Clôturée le 1er décembre 2026 à 13 h 30 par rita."
    assert m.text("en-CA") == "Closed on December 1, 2026 at 1:30 p.m. by rita."
    assert "UTC" not in m.text("fr-CA") and "18" not in m.text("fr-CA")


def test_days_counts_and_durations_follow_the_language() -> None:
    assert msg("eod.not_closed", day=Day(date(2026, 12, 1))).text("fr") == (
        f"Le 1er décembre 2026 n’est pas clôturé{NBSP}: il n’y a rien à rouvrir.")
    assert msg("otp.tries_left", left=Count(1, "try")).text("en-CA").startswith("The code is not right. 1 try left.")
    assert "Il reste 2 essais." in msg("otp.tries_left", left=Count(2, "try")).text("fr-CA")
    assert "3 minutes" in msg("otp.locked", wait=Duration(timedelta(seconds=150))).text("fr-CA")
    assert "45 secondes" in msg("otp.locked", wait=Duration(timedelta(seconds=45))).text("fr-CA")


def test_french_typography_puts_no_break_spaces_before_double_punctuation() -> None:
    text = msg("stripe.decline.card_velocity_exceeded").text("fr-CA")
    assert f"refusée{NBSP}: elle" in text
    assert " :" not in text
    quoted = msg("payment.bad_address", address="rita@").text("fr-CA")
    assert f"«{NBSP}rita@{NBSP}»" in quoted


def test_nested_messages_render_in_the_same_language() -> None:
    m = msg("access.approval_refused", why=msg("access.approval_used", minutes=5))
    assert m.text("fr-CA").startswith(f"L’autorisation du gestionnaire ne peut pas servir{NBSP}: elle a déjà servi")
    assert str(m).startswith("The manager's approval cannot be used: it was used already")


def test_a_user_facing_error_reads_in_either_language_and_prints_in_english() -> None:
    err = PaymentDeclined(msg("stripe.decline.insufficient_funds"), code="card_declined", decline_code="insufficient_funds")
    assert str(err) == "The card was declined for insufficient funds. Ask for another card or a smaller amount."
    assert err.text("fr-CA") == ("La carte a été refusée pour fonds insuffisants. "
                                 "Demandez une autre carte ou un montant moins élevé.")
    assert err.message == Message("stripe.decline.insufficient_funds")
    field_error = InvalidInput(msg("province.choose"), field="province")
    assert field_error.field == "province" and field_error.text("fr") == "Choisissez la province ou le territoire."


def test_a_plain_english_error_stays_as_it_is_and_is_still_redacted() -> None:
    err = UserFacingError("Cannot reach postgresql://desk:hunter2@db.example/pos")
    assert err.text("fr-CA") == str(err)
    assert "hunter2" not in err.text("fr-CA")


def test_anything_else_is_one_line_for_an_unexpected_problem() -> None:
    text = error_text(KeyError("x"), "fr-CA")
    assert text.startswith("Une erreur inattendue s’est produite (KeyError).")
    assert error_text(PaymentDeclined(msg("stripe.decline.expired_card")), "fr").startswith("La carte est expirée.")


def test_a_stored_english_sentence_is_read_in_french() -> None:
    assert render("The card was declined.", "fr-CA") == "La carte a été refusée."
    assert render("Rita Côté", "fr-CA") == "Rita Côté"
    assert render("The card was declined.", "en-CA") == "The card was declined."


def test_a_failure_is_explained_by_its_code() -> None:
    assert render(explain_failure("insufficient_funds", "whatever was stored"), "fr-CA").startswith(
        "La carte a été refusée pour fonds insuffisants.")
    assert render(explain_failure("terminal_reader_offline", None), "fr").startswith("Le lecteur de cartes est hors ligne.")
    assert explain_failure("some_new_code", "Stripe's words") == "Stripe's words"


def test_every_stripe_decline_code_that_hides_fraud_reads_as_a_plain_decline() -> None:
    hidden = ("fraudulent", "lost_card", "stolen_card", "pickup_card", "merchant_blacklist", "security_violation")
    for code in hidden:
        en = str(msg(f"stripe.decline.{code}"))
        assert "fraud" not in en.lower() and "stolen" not in en.lower() and "lost" not in en.lower(), code


def test_bilingual_text_puts_the_first_language_first() -> None:
    assert render_both(msg("payment.status.succeeded"), "fr-CA") == "Payé / Paid"
    assert render_both(msg("payment.status.succeeded"), "en-CA") == "Paid / Payé"


def _french_with_values(key: str) -> str:
    _en, fr = catalogue()[key]
    return render(Message(key, dict.fromkeys(placeholders(fr), "X")), "fr-CA")


def typography_faults(text: str) -> list[str]:
    """« : ; ! ? » that end a clause (followed by a space, a bracket or the end) without a no-break
    space (U+00A0, or the narrow U+202F) before them; « » without one inside; English quotes; the
    typewriter apostrophe where French writes ’ (« l’étudiant », as the window's French does). A
    colon inside a word (https://, 10:05, rk_live_...) is not punctuation."""
    faults = [m.group(0) for m in re.finditer(r"(.)([:;!?])(?=[\s)»]|$)", text) if m.group(1) not in "\u00a0\u202f"]
    faults += re.findall(r"«(?![\u00a0\u202f]).", text) + re.findall(r".(?<![\u00a0\u202f])»", text)
    return faults + (['"'] if '"' in text else []) + (["'"] if "'" in text else [])


def test_every_french_text_has_a_no_break_space_before_double_punctuation_and_inside_quotes() -> None:
    wrong = [f"{key}: {_french_with_values(key)!r}" for key in catalogue() if typography_faults(_french_with_values(key))]
    assert len(catalogue()) > 600
    assert not wrong, "\n".join(wrong)


def test_the_typography_check_catches_what_a_translator_may_type() -> None:
    assert typography_faults("Règle: X") == ["e:"]
    assert typography_faults("Payé ; merci !") == [" ;", " !"]
    assert typography_faults("«X»") == ["«X", "X»"]
    assert typography_faults('Le "code"') == ['"']
    assert typography_faults("l'étudiant") == ["'"]
    assert typography_faults("https://x.ca à 10:05, Règle\u00a0: X, «\u00a0X\u00a0», l’étudiant") == []
