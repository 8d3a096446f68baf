"""What one poll of a reader payment costs in Stripe reads: the window polls the PaymentIntent fast
and reads the reader only now and then, so a poll without the reader is one read, and a tap is
still seen by it.

The real payment service on SQLite and PostgreSQL, the simulator over HTTP through the real SDK.
"""

from __future__ import annotations

from oncopos.services.payments.records import SUCCEEDED
from tests.payment_support import REGISTRAR


def reads(desk):
    return desk.simulator.state.read_count


def test_a_poll_without_the_reader_reads_only_the_payment_intent_and_still_sees_the_tap(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 22_600)
    desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)

    before = reads(desk)
    assert desk.service.poll(REGISTRAR, payment_id, read_reader=False).waiting_for_card
    assert reads(desk) - before == 1
    before = reads(desk)
    assert desk.service.poll(REGISTRAR, payment_id).waiting_for_card
    assert reads(desk) - before == 2  # the PaymentIntent and the reader's action

    desk.service.gateway.present_test_card(desk.reader.id, "4242424242424242")
    done = desk.service.poll(REGISTRAR, payment_id, receipt_later=True, read_reader=False)
    assert done.status == SUCCEEDED and done.invoice_number == "DESK1-000001"
