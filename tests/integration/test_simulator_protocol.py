"""The simulator speaks Stripe's wire protocol: form encoding, auth, envelopes, lists, expand, loopback."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
import stripe

from oncopos.simulator.cards import brand_of, check_form, luhn_ok
from oncopos.simulator.params import parse_form
from tests.integration.stripe_fixtures import TEST_KEY


def test_nested_form_parameters():
    parsed = parse_form("a[b][c]=1&l[0][x]=2&l[1][x]=3&t[]=u&t[]=v&m[k]=&plain=p%20q")
    assert parsed == {"a": {"b": {"c": "1"}}, "l": [{"x": "2"}, {"x": "3"}], "t": ["u", "v"], "m": {"k": ""},
                      "plain": "p q"}


def _post(sim, path: str, data: dict, key: str | None = TEST_KEY) -> requests.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return requests.post(sim.url + path, data=data, headers=headers, timeout=5)


@pytest.mark.parametrize("key", [None, "sk_live_" + "abcdefghijklmnop", "sk_test_someone_elses_key", "pk_test_123456789012"])
def test_bad_keys_get_401_with_the_error_envelope(simulator, key):
    answer = _post(simulator, "/v1/payment_intents", {"amount": "1000", "currency": "cad"}, key)
    assert answer.status_code == 401
    error = answer.json()["error"]
    assert error["type"] == "invalid_request_error" and "api key" in error["message"].lower()
    if key:
        assert key not in error["message"]  # masked like Stripe does


def test_error_envelope_for_missing_and_unknown_params(simulator):
    missing = _post(simulator, "/v1/payment_intents", {"currency": "cad"})
    assert missing.status_code == 400
    assert missing.json()["error"] == {"type": "invalid_request_error", "code": "parameter_missing",
                                       "message": "Missing required param: amount.", "param": "amount",
                                       "doc_url": "https://docs.stripe.com/error-codes/parameter-missing"}
    unknown = _post(simulator, "/v1/terminal/locations", {"display_name": "x", "address[line1]": "1",
                                                          "address[country]": "CA", "address[planet]": "Earth"})
    assert unknown.json()["error"]["message"] == "Received unknown parameter: address[planet]"
    nothing = requests.get(simulator.url + "/v1/nope", headers={"Authorization": f"Bearer {TEST_KEY}"}, timeout=5)
    assert nothing.status_code == 404 and "Unrecognized request URL" in nothing.json()["error"]["message"]
    absent = requests.get(simulator.url + "/v1/payment_intents/pi_nope", headers={"Authorization": f"Bearer {TEST_KEY}"},
                          timeout=5)
    assert absent.status_code == 404 and absent.json()["error"]["code"] == "resource_missing"


def test_lists_page_both_ways(raw_client):
    ids = [raw_client.v1.payment_intents.create({"amount": 100 + i, "currency": "cad"}).id for i in range(7)]
    newest_first = list(reversed(ids))
    first = raw_client.v1.payment_intents.list({"limit": 3})
    assert [p.id for p in first.data] == newest_first[:3] and first.has_more
    second = raw_client.v1.payment_intents.list({"limit": 3, "starting_after": first.data[-1].id})
    assert [p.id for p in second.data] == newest_first[3:6] and second.has_more
    back = raw_client.v1.payment_intents.list({"limit": 3, "ending_before": second.data[0].id})
    assert [p.id for p in back.data] == newest_first[:3] and not back.has_more
    assert [p.id for p in raw_client.v1.payment_intents.list({"limit": 2}).auto_paging_iter()] == newest_first


def test_expand_nested_objects(raw_client):
    location = raw_client.v1.terminal.locations.create({"display_name": "Desk", "address": {
        "line1": "1 Rue", "city": "Montréal", "state": "QC", "country": "CA", "postal_code": "H2X 1Y4"}})
    rd = raw_client.v1.terminal.readers.create({"registration_code": "simulated-s700", "location": location.id})
    assert rd.device_type == "stripe_s700" and rd.status == "online"
    pi = raw_client.v1.payment_intents.create({"amount": 1000, "currency": "cad",
                                               "allowed_payment_method_types": ["card_present", "wechat_pay"]})
    assert pi.payment_method_types == ["card_present"]  # unusable types are dropped silently
    raw_client.v1.terminal.readers.process_payment_intent(rd.id, {"payment_intent": pi.id})
    raw_client.v1.test_helpers.terminal.readers.present_payment_method(rd.id)
    plain = raw_client.v1.payment_intents.retrieve(pi.id)
    assert isinstance(plain.latest_charge, str)
    expanded = raw_client.v1.payment_intents.retrieve(pi.id, {"expand": ["latest_charge"]})
    assert expanded.latest_charge.payment_method_details.card_present.last4 == "4242"
    listed = raw_client.v1.payment_intents.list({"expand": ["data.latest_charge"], "limit": 1})
    assert listed.data[0].latest_charge.id == plain.latest_charge
    with pytest.raises(stripe.InvalidRequestError, match="cannot be expanded"):
        raw_client.v1.payment_intents.retrieve(pi.id, {"expand": ["nothing_here"]})


def test_events_filters(raw_client):
    for amount in (100, 200):
        raw_client.v1.payment_intents.create({"amount": amount, "currency": "cad"})
    events = raw_client.v1.events.list({"types": ["payment_intent.created"], "limit": 10}).data
    assert len(events) == 2 and events[0].created >= events[1].created
    assert raw_client.v1.events.list({"type": "charge.succeeded"}).data == []
    later = raw_client.v1.events.list({"created": {"gt": events[0].created + 10}}).data
    assert later == []


def test_listens_on_loopback_only(simulator):
    assert simulator.url.startswith("http://127.0.0.1:")
    bound = simulator._server.socket.getsockname()[0]
    assert bound == "127.0.0.1"
    with socket.create_connection(("127.0.0.1", simulator.port), timeout=2):
        pass


def test_card_checks():
    assert luhn_ok("4242424242424242") and not luhn_ok("4242424242424241")
    brands = {"4242424242424242": "visa", "5555555555554444": "mastercard", "2223003122003222": "mastercard",
              "378282246310005": "amex", "6011111111111117": "discover", "3056930009020004": "diners",
              "3566002020360505": "jcb", "6200000000000005": "unionpay"}
    assert {n: brand_of(n) for n in brands} == brands
    now = datetime(2026, 11, 26, tzinfo=UTC)
    assert check_form("4242424242424242", "11/26", "123", "A", "M5V 2T6", now) == {}
    errors = check_form("4242424242424242", "10/26", "12", "", "", now)
    assert set(errors) == {"expiry", "cvc", "name", "postal_code"}
    assert check_form("378282246310005", "12/30", "1234", "A", "90210", now) == {}


def test_hosted_page_never_logs_card_data(raw_client, simulator, caplog):
    session = raw_client.v1.checkout.sessions.create({
        "mode": "payment", "line_items": [{"quantity": 1, "price_data": {
            "currency": "cad", "unit_amount": 1000, "product_data": {"name": "Deposit"}}}]})
    with caplog.at_level(logging.DEBUG):
        answer = requests.post(session.url, data={"number": "4000000000009995", "expiry": "12/40", "cvc": "987",
                                                  "name": "Ada", "postal_code": "M5V 2T6"}, timeout=5)
    # The CVC as a token of its own: "987" may well occur inside a random object id.
    cvc = re.compile(r"(?<![0-9A-Za-z])987(?![0-9A-Za-z])")
    assert answer.status_code == 402 and "4000000000009995" not in answer.text and not cvc.search(answer.text)
    assert "4000000000009995" not in caplog.text and not cvc.search(caplog.text) and TEST_KEY not in caplog.text



def test_serve_forever_runs_the_command_line_simulator():
    repo = Path(__file__).resolve().parents[2]
    code = "from oncopos.simulator import serve_forever; serve_forever(0, without_interac=True)"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=repo,
                            env={**os.environ, "PYTHONPATH": str(repo)})
    try:
        line = proc.stdout.readline()
        url = line.split(" on ")[1].split(";")[0]
        assert url.startswith("http://127.0.0.1:")
        client = stripe.StripeClient("sk_test_cli_key_123456", base_addresses={"api": url})
        assert client.v1.terminal.locations.list().data == []
        kept = client.v1.payment_intents.create({"amount": 1000, "currency": "cad",
                                                 "allowed_payment_method_types": ["card_present", "interac_present"]})
        assert kept.payment_method_types == ["card_present"]  # the account has no Interac
    finally:
        proc.terminate()
        proc.wait(timeout=5)
