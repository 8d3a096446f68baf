"""Payouts in the simulator, read with the real SDK over HTTP as Stripe documents them.

Balance transactions are `pending` until `available_on`, then `available`; a daily automatic payout
sweeps what became available; `balance_transactions.list({"payout": ...})` returns what that payout
paid out, its own `payout` transaction included; the payout is `in_transit` until `arrival_date`.
"""

from __future__ import annotations

import pytest
import stripe

from oncopos.simulator.payouts import next_business_day
from oncopos.simulator.store import ALL_PERMISSIONS
from tests.integration.stripe_fixtures import take_reader_payment

DAY = 86400


def _payouts(client: stripe.StripeClient) -> list:
    return list(client.v1.payouts.list({"limit": 100}).auto_paging_iter())


def _contents(client: stripe.StripeClient, payout_id: str) -> list:
    return list(client.v1.balance_transactions.list({"payout": payout_id, "limit": 100}).auto_paging_iter())


def test_a_daily_payout_holds_the_day_charges_and_refund_to_the_cent(gateway, reader, raw_client, simulator):
    first = take_reader_payment(gateway, reader.id, 10_000)
    take_reader_payment(gateway, reader.id, 2_500, interac=True)
    gateway.refund(first, 1_000, None, {}, "oncopos-refund-payout-1")
    txns = list(raw_client.v1.balance_transactions.list({"limit": 100}).auto_paging_iter())
    assert {t.status for t in txns} == {"pending"} and not _payouts(raw_client)
    available_on = txns[0].available_on
    assert available_on % DAY == 0 and available_on > txns[0].created

    simulator.advance_clock(available_on - simulator.state.now())
    [payout] = _payouts(raw_client)
    contents = _contents(raw_client, payout.id)
    by_type = {t.type: [x for x in contents if x.type == t.type] for t in contents}
    assert sorted(by_type) == ["charge", "payout", "refund"]
    assert len(by_type["charge"]) == 2
    # 10 000 at 2.6% + 10 (270) and Interac 2 500 at 15 cents: the payout is what is left, to the cent.
    assert sum(t.fee for t in contents) == 270 + 15
    assert payout.amount == 10_000 - 270 + 2_500 - 15 - 1_000
    assert sum(t.net for t in contents if t.type != "payout") == payout.amount
    [own] = by_type["payout"]
    assert own.id == payout.balance_transaction and own.amount == -payout.amount and own.source == payout.id
    assert payout.automatic is True and payout.status == "in_transit" and payout.currency == "cad"
    assert payout.arrival_date == next_business_day(payout.created) > payout.created
    assert all(t.status == "available" for t in contents)

    simulator.advance_clock(payout.arrival_date - simulator.state.now())
    assert raw_client.v1.payouts.retrieve(payout.id).status == "paid"
    types = [e.type for e in raw_client.v1.events.list({"limit": 100}).auto_paging_iter()]
    assert {"payout.created", "payout.reconciliation_completed", "payout.paid"} <= set(types)


def test_a_day_that_nets_below_zero_is_carried_into_the_next_payout(gateway, reader, raw_client, simulator):
    paid = take_reader_payment(gateway, reader.id, 5_000)
    simulator.advance_clock(3 * DAY)
    [first] = _payouts(raw_client)
    refund = gateway.refund(paid, 5_000, None, {}, "oncopos-refund-payout-2")
    simulator.advance_clock(DAY)
    take_reader_payment(gateway, reader.id, 8_000)  # a day later: available a day after the refund
    [charge_txn, refund_txn] = [raw_client.v1.balance_transactions.list({"source": source}).data[0]
                                for source in (simulator.state.all("charge")[0]["id"], refund.id)]
    assert charge_txn.available_on == refund_txn.available_on + DAY
    simulator.advance_clock(refund_txn.available_on - simulator.state.now())
    assert [p.id for p in _payouts(raw_client)] == [first.id], "a refund alone is no payout"
    simulator.advance_clock(charge_txn.available_on - simulator.state.now())
    second = _payouts(raw_client)[0]
    assert second.id != first.id
    assert sorted(t.type for t in _contents(raw_client, second.id)) == ["charge", "payout", "refund"]
    assert second.amount == 8_000 - (8_000 * 260 + 5_000) // 10_000 - 10 - 5_000


def test_payouts_come_from_the_clock_not_from_when_someone_reads(gateway, reader, raw_client, simulator):
    take_reader_payment(gateway, reader.id, 3_000)
    simulator.advance_clock(DAY)
    take_reader_payment(gateway, reader.id, 4_000)
    simulator.advance_clock(5 * DAY)
    read_once = sorted(p.amount for p in _payouts(raw_client))
    assert len(read_once) == 2, "one payout per day that funds became available"
    assert read_once == sorted([3_000 - 88, 4_000 - 114])


def test_adjustments_and_stripe_fees_are_paid_out_with_their_type(gateway, reader, raw_client, simulator):
    take_reader_payment(gateway, reader.id, 10_000)
    simulator.add_balance_transaction("stripe_fee", -5_900, "Terminal reader")
    simulator.add_balance_transaction("adjustment", -1_200, "Dispute withdrawal")
    simulator.advance_clock(3 * DAY)
    [payout] = _payouts(raw_client)
    contents = _contents(raw_client, payout.id)
    assert sorted(t.type for t in contents) == ["adjustment", "charge", "payout", "stripe_fee"]
    assert payout.amount == 10_000 - 270 - 5_900 - 1_200
    assert {t.reporting_category for t in contents} == {"charge", "fee", "other_adjustment", "payout"}


def test_listing_by_a_payout_stripe_does_not_know_is_resource_missing(raw_client):
    with pytest.raises(stripe.InvalidRequestError) as err:
        raw_client.v1.balance_transactions.list({"payout": "po_unknown"})
    assert err.value.code == "resource_missing" and err.value.param == "payout"
    with pytest.raises(stripe.InvalidRequestError) as err:
        raw_client.v1.payouts.retrieve("po_unknown")
    assert err.value.code == "resource_missing"


def test_payout_lists_filter_by_status_and_arrival_date(gateway, reader, raw_client, simulator):
    take_reader_payment(gateway, reader.id, 2_000)
    simulator.advance_clock(3 * DAY)
    [payout] = _payouts(raw_client)
    assert [p.id for p in raw_client.v1.payouts.list({"status": payout.status}).data] == [payout.id]
    assert raw_client.v1.payouts.list({"status": "failed"}).data == []
    assert [p.id for p in raw_client.v1.payouts.list({"arrival_date": {"gte": payout.arrival_date}}).data] == [payout.id]
    assert raw_client.v1.payouts.list({"arrival_date": {"gt": payout.arrival_date}}).data == []
    with pytest.raises(stripe.InvalidRequestError) as err:
        raw_client.v1.payouts.list({"status": "sent"})
    assert err.value.param == "status"


def test_a_manual_schedule_makes_no_payouts(gateway, reader, raw_client, simulator):
    simulator.set_payout_schedule("manual")
    take_reader_payment(gateway, reader.id, 2_000)
    simulator.advance_clock(5 * DAY)
    assert _payouts(raw_client) == []
    assert {t.status for t in raw_client.v1.balance_transactions.list({}).data} == {"available"}


def test_payouts_need_the_payouts_read_permission(simulator):
    simulator.add_restricted_key("rk_test_desk_no_payouts_1", set(ALL_PERMISSIONS) - {"payout_read"})
    client = stripe.StripeClient("rk_test_desk_no_payouts_1", base_addresses={"api": simulator.url})
    with pytest.raises(stripe.PermissionError) as err:
        client.v1.payouts.list({"limit": 1})
    assert "rak_payout_read" in str(err.value.user_message)
