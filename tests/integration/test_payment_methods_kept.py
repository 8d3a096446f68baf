"""`allowed_payment_method_types` is a filter: what the Stripe account cannot take is dropped
silently. The flow reads what Stripe kept and says, in one line, what to turn on, and records it."""

from __future__ import annotations

import logging

from oncopos.logs import PAYMENT_LOG
from oncopos.services.payments.records import PROCESSING
from tests.payment_support import REGISTRAR


def test_interac_dropped_by_the_account_is_reported_and_recorded(desk, caplog):
    desk.simulator.set_account_payment_methods({"card", "card_present"})  # Interac not enabled on the account
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 10_000)
    with caplog.at_level(logging.WARNING, logger=PAYMENT_LOG):
        view = desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)

    assert view.status == PROCESSING and view.waiting_for_card  # cards still work
    notice = view.methods_notice
    assert notice and "Interac" in notice and "Stripe Dashboard" in notice and "\n" not in notice
    assert "credit and debit cards" not in notice
    assert "methods_dropped" in desk.steps(payment_id) and "payment.methods_dropped" in desk.audit_actions()
    assert any("interac_present" in r.getMessage() for r in caplog.records)
    assert desk.service.poll(REGISTRAR, payment_id).methods_notice == notice  # still said while it waits


def test_nothing_is_said_when_stripe_kept_both(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 10_000)
    view = desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    assert view.methods_notice is None and "methods_dropped" not in desk.steps(payment_id)
