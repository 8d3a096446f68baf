"""The HTTP front of the simulator: auth, idempotency, expand[], faults, JSON envelopes.

Stdlib only (ThreadingHTTPServer) so training mode needs nothing beyond the app itself. It binds to
127.0.0.1: the simulator has no business being reachable from the network.
"""

from __future__ import annotations

import hashlib
import json
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from . import (  # noqa: F401  (the resource modules register their routes on import)
    hosted_page,
    payouts,
    resources_checkout,
    resources_payments,
    resources_payouts,
    resources_reporting,
    resources_terminal,
)
from .errors import SimError, invalid
from .faults import Faults
from .objects import API_VERSION
from .params import as_list, parse_form
from .router import call, match, path_exists
from .store import DEFAULT_PAYMENT_METHODS, State

log = logging.getLogger(__name__)


def _expand(state: State, obj: dict[str, Any], parts: list[str], full: str) -> None:
    key, rest = parts[0], parts[1:]
    if key not in obj:
        raise invalid(f"This property cannot be expanded ({full}).", "expand")
    value = obj[key]
    if isinstance(value, str):
        target = state.objects.get(value)
        if target is None:
            raise invalid(f"This property cannot be expanded ({full}).", "expand")
        value = obj[key] = state.render(target)
    if rest and isinstance(value, dict):
        _expand(state, value, rest, full)


def apply_expand(state: State, body: dict[str, Any], paths: list[str]) -> None:
    for path in paths:
        parts = str(path).split(".")
        if body.get("object") == "list" and parts[0] == "data":
            for item in body["data"]:
                _expand(state, item, parts[1:], path)
        else:
            _expand(state, body, parts, path)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SimulatorServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle plus delayed ACK adds ~40 ms a call.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        # Request lines only (no bodies, no headers): they never hold a card number or key.
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    # --------------------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Stripe-Version", API_VERSION)
        self.send_header("Request-Id", f"req_sim{int(time.time() * 1000)}")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _read_body(self) -> str:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode("utf-8") if length else ""

    def _dispatch(self, method: str) -> None:
        state, faults = self.server.state, self.server.faults
        if faults.latency_seconds:
            time.sleep(faults.latency_seconds)
        url = urlsplit(self.path)
        body = self._read_body() if method == "POST" else ""
        if url.path.startswith("/pay/"):
            sid = url.path[len("/pay/"):]
            if method == "POST":
                status, page = hosted_page.post_page(state, sid, parse_form(body))
            else:
                status, page = hosted_page.get_page(state, sid)
            self._send(status, page.encode(), "text/html; charset=utf-8", {"Cache-Control": "no-store"})
            return
        if not url.path.startswith("/v1/"):
            self._send(200 if url.path == "/" else 404, b"OncoPOS Stripe simulator\n", "text/plain")
            return
        raw = body if method == "POST" else url.query
        status, payload, extra, drop = self._api(state, faults, method, url.path, raw)
        if drop:
            # The change is applied and its answer stored; the client never hears it and must retry.
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self._send(status, payload, "application/json", extra)

    def _api(self, state: State, faults: Faults, method: str, path: str,
             raw: str) -> tuple[int, bytes, dict[str, str], bool]:
        auth = self.headers.get("Authorization", "")
        key = auth[len("Bearer "):].strip() if auth.startswith("Bearer ") else None
        idem = self.headers.get("Idempotency-Key") if method == "POST" else None
        fingerprint = hashlib.sha256(f"{method} {path} {raw}".encode()).hexdigest()
        slot = (key or "", idem) if idem else None
        with state.lock:
            state.request_count += 1
            state.read_count += method == "GET"
            # 1. Before the endpoint runs (routing, key, idempotency): nothing is saved. An injected
            # fault is saved only when it models an error raised inside the endpoint (stored=True).
            fault_stored = False
            try:
                params = parse_form(raw)
                found = match(method, path)
                if found is None:
                    if path_exists(path):
                        raise SimError(405, f"Unrecognized request URL ({method}: {path}).")
                    raise SimError(404, f"Unrecognized request URL ({method}: {path}). Please see "
                                   "https://stripe.com/docs or we can help at https://support.stripe.com/.")
                route, ids = found
                state.authorize(key, route.permission)
                saved = state.saved_result(slot) if slot else None
                if saved is not None:
                    if saved.fingerprint != fingerprint:
                        raise SimError(
                            400, "Keys for idempotent requests can only be used with the same parameters they were "
                            f"first used with. Try using a key other than '{idem}' if you meant to execute a "
                            "different request.", type="idempotency_error")
                    state.replay_count += 1
                    return saved.status, saved.body, {"Idempotent-Replayed": "true", "Idempotency-Key": idem or ""}, False
                failure = faults.take_failure()
                if failure:
                    status, fault_stored = failure
                    raise SimError(status, "An unknown error occurred (simulated fault).",
                                   type="api_error" if status >= 500 else "invalid_request_error",
                                   code="rate_limit" if status == 429 else None)
            except SimError as refused:
                status, payload = refused.status, json.dumps(refused.envelope()).encode()
                if not (slot and fault_stored):
                    headers = {"Stripe-Should-Retry": "false"} if status < 500 else {}
                    if status == 429 and faults.retry_after_seconds is not None:
                        headers["Retry-After"] = f"{faults.retry_after_seconds:g}"
                    return status, payload, headers, False
                state.save_result(slot, fingerprint, status, payload)
                return status, payload, {"Idempotency-Key": idem or ""} if idem else {}, False
            # 2. The endpoint runs: from here its result is saved under the key, errors included,
            # except a request that fails parameter validation.
            try:
                state.refresh()
                result = call(state, route, params, ids)
                rendered = state.render(result)
                apply_expand(state, rendered, as_list(params.get("expand"), "expand"))
                status, payload = 200, json.dumps(rendered).encode()
            except Exception as exc:
                if isinstance(exc, SimError):
                    failed = exc
                else:
                    log.exception("simulator failure on %s %s", method, path)
                    failed = SimError(500, "An unknown error occurred in the simulator.", type="api_error")
                status, payload = failed.status, json.dumps(failed.envelope()).encode()
                if not failed.store:
                    return status, payload, {"Stripe-Should-Retry": "false"} if status < 500 else {}, False
            if slot:
                state.save_result(slot, fingerprint, status, payload)
            headers = {"Idempotency-Key": idem} if idem else {}
            return status, payload, headers, faults.take_drop(method, path)


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, state: State, faults: Faults) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.state = state
        self.faults = faults


def install_hooks(state: State) -> None:
    state.on_read.append(resources_checkout.expire_due)
    state.on_read.append(resources_terminal.authorise_due)
    state.on_read.append(payouts.settle)


class SimulatorHandle:
    """A running simulator: `.url`, `.port`, `.state`, `.faults`; `.stop()` or use it as a context manager."""

    def __init__(self, server: SimulatorServer) -> None:
        self._server = server
        self.state = server.state
        self.faults = server.faults
        self.port = server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # A short poll keeps stop() quick; tests start and stop a simulator per test.
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="stripe-simulator", daemon=True)
        self._thread.start()

    def add_restricted_key(self, key: str, permissions: set[str]) -> None:
        self.state.add_restricted_key(key, permissions)

    def set_account_payment_methods(self, method_types: set[str] | frozenset[str]) -> None:
        """What the account can take, e.g. without "interac_present" for an account Interac is not enabled on."""
        unknown = set(method_types) - set(DEFAULT_PAYMENT_METHODS)
        if unknown:
            raise ValueError(f"unknown payment method types: {sorted(unknown)}")
        with self.state.lock:
            self.state.account_payment_methods = frozenset(method_types)

    def set_authorisation_seconds(self, seconds: int) -> None:
        """A presented card stays `processing` this long (simulator clock) before it is approved or declined."""
        with self.state.lock:
            self.state.authorisation_seconds = max(0, int(seconds))

    def reader_offline(self, reader_id: str, offline: bool = True) -> None:
        resources_terminal.set_reader_offline(self.state, reader_id, offline)

    def dashboard_refund(self, payment_or_charge_id: str, amount_cents: int | None = None) -> dict[str, Any]:
        from .payments import dashboard_refund

        return dashboard_refund(self.state, payment_or_charge_id, amount_cents)

    def advance_clock(self, seconds: int) -> None:
        """Move Stripe's clock forward: funds become available and daily payouts are made as time passes."""
        self.state.advance_clock(seconds)

    def set_payout_schedule(self, schedule: str) -> None:
        """"daily" (Stripe's default: automatic payouts) or "manual" (funds stay in the balance)."""
        if schedule not in ("daily", "manual"):
            raise ValueError(f"unknown payout schedule: {schedule}")
        with self.state.lock:
            self.state.payout_schedule = schedule

    def add_balance_transaction(self, txn_type: str, amount_cents: int, description: str) -> dict[str, Any]:
        """An `adjustment` or a `stripe_fee` that Stripe records on its own (not from a payment)."""
        return payouts.add_balance_transaction(self.state, txn_type, amount_cents, description)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SimulatorHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_simulator(port: int = 0, *, api_key: str | None = None,
                    payment_methods: frozenset[str] = DEFAULT_PAYMENT_METHODS) -> SimulatorHandle:
    """Start on 127.0.0.1:`port` (0 picks a free port) in a background thread.

    With `api_key`, only that key (and restricted keys registered later) is accepted; otherwise
    any sk_test_/rk_test_ key is, as a fresh Stripe test account would for its own keys.
    """
    state, faults = State(api_key=api_key, account_payment_methods=frozenset(payment_methods)), Faults()
    install_hooks(state)
    server = SimulatorServer(port, state, faults)
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    log.info("Stripe simulator listening on %s", state.base_url)
    return SimulatorHandle(server)


def serve_forever(port: int, *, without_interac: bool = False) -> None:
    """Run in the foreground until interrupted (`oncopos simulator --port N [--without-interac]`)."""
    methods = DEFAULT_PAYMENT_METHODS - {"interac_present"} if without_interac else DEFAULT_PAYMENT_METHODS
    state, faults = State(account_payment_methods=methods), Faults()
    install_hooks(state)
    server = SimulatorServer(port, state, faults)
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"Stripe simulator (test mode, simulated fees) on {state.base_url}; Ctrl+C to stop", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
