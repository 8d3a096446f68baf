"""Terminal administration: the card readers and their locations, for the window and the assistant.

The window never calls the payment gateway itself: listing readers, registering one, creating the
school's Terminal location, testing a reader and (in training) playing the student go through this
service, so each is permission-checked (`@requires`) and the changes are audited in the same unit
of work as any other change a person makes.

The first-run assistant works with a key typed but not saved yet: `using_key` gives the same service
over a gateway built from that key (on the worker thread that calls it), never a gateway to the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from oncopos.domain.access import Actor, Permission
from oncopos.domain.checks import CheckResult
from oncopos.domain.errors import ConfigurationError, InvalidInput
from oncopos.domain.gateway import LocationInfo, ReaderActionState, ReaderInfo
from oncopos.domain.messages import msg
from oncopos.services.guard import open_to_all, requires
from oncopos.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class TerminalGateway(Protocol):
    """The part of `oncopos.domain.gateway.PaymentGateway` this service uses."""

    mode: str

    def list_locations(self) -> list[LocationInfo]: ...

    def create_location(
        self, display_name: str, *, line1: str, city: str, province: str, postal_code: str, country: str = "CA"
    ) -> LocationInfo: ...

    def list_readers(self, location_id: str | None = None) -> list[ReaderInfo]: ...

    def register_reader(self, registration_code: str, location_id: str, label: str) -> ReaderInfo: ...

    def reader(self, reader_id: str) -> ReaderInfo: ...

    def present_test_card(
        self, reader_id: str, number: str | None = None, *, interac: bool = False
    ) -> ReaderActionState | None: ...


#: (mode, key, base_url) -> a gateway; bootstrap passes connection_checks.build_gateway.
GatewayForKey = Callable[[str, str, str | None], TerminalGateway]
#: Which permissions a gateway's key holds (oncopos.adapters.connection_checks.check_stripe_key).
KeyChecker = Callable[[TerminalGateway], CheckResult]
#: A reader tried end to end: a $1.00 test payment refunded at once, or its status in live mode.
ReaderTester = Callable[[TerminalGateway, str], CheckResult]


def _not_wired(*_args: Any) -> CheckResult:
    return CheckResult.failed("This check is not available here; run oncopos stripe check.")
#: Training only: complete a hosted payment page with a test card, as the student's phone would;
#: returns None when paid, else what the page said (a decline, an expired link).
HostedPagePayer = Callable[[str, str], str | None]


class TerminalAdministration:
    """Thread-safe: each call builds its own unit of work; the gateway is built on first use."""

    def __init__(self, uow_factory: UnitOfWorkFactory, gateway: Callable[[], TerminalGateway], *, clock: Clock,
                 gateway_for_key: GatewayForKey | None = None, key_checker: KeyChecker = _not_wired,
                 reader_tester: ReaderTester = _not_wired, hosted_page_payer: HostedPagePayer | None = None,
                 training: bool = False) -> None:
        self._uow = uow_factory
        self._gateway = gateway
        self._clock = clock
        self._gateway_for_key = gateway_for_key
        self._check_key = key_checker
        self._test_reader = reader_tester
        self._pay_hosted_page = hosted_page_payer
        self.training = training

    @open_to_all("builds the same service over a key being checked; its own calls are the ones guarded")
    def using_key(self, mode: str, api_key: str, *, base_url: str | None = None) -> TerminalAdministration:
        """The same service over the key the assistant is checking (typed, maybe not saved yet)."""
        if self._gateway_for_key is None:
            raise ConfigurationError(msg("terminal.other_key"))
        build = self._gateway_for_key
        key = (api_key or "").strip()
        if not key:
            raise ConfigurationError(msg("terminal.key_first"))
        built: list[TerminalGateway] = []

        def gateway() -> TerminalGateway:
            if not built:
                built.append(build(mode, key, base_url))
            return built[0]

        return TerminalAdministration(self._uow, gateway, clock=self._clock, gateway_for_key=build,
                                      key_checker=self._check_key, reader_tester=self._test_reader,
                                      hosted_page_payer=self._pay_hosted_page, training=self.training)

    # --- reading ------------------------------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def list_readers(self, actor: Actor, location_id: str | None = None) -> list[ReaderInfo]:
        """The account's readers (the payment window offers the online ones)."""
        return self._gateway().list_readers(location_id)

    @requires(Permission.MANAGE_SETTINGS)
    def list_locations(self, actor: Actor) -> list[LocationInfo]:
        return self._gateway().list_locations()

    @requires(Permission.MANAGE_SETTINGS)
    def check_permissions(self, actor: Actor) -> CheckResult:
        """Which permissions the key holds and which it lacks (oncopos.adapters.stripe.check)."""
        return self._check_key(self._gateway())

    # --- changing the account -----------------------------------------------------------------
    @requires(Permission.MANAGE_SETTINGS)
    def create_location(self, actor: Actor, display_name: str, *, line1: str, city: str, province: str,
                        postal_code: str) -> LocationInfo:
        fields = {"display_name": display_name.strip(), "line1": line1.strip(), "city": city.strip(),
                  "postal_code": postal_code.strip().upper()}
        empty = [name for name, value in fields.items() if not value]
        if empty:
            raise InvalidInput(msg("terminal.location_fields"),
                               field=empty[0])
        location = self._gateway().create_location(fields["display_name"], line1=fields["line1"], city=fields["city"],
                                                   province=province, postal_code=fields["postal_code"])
        self._audit(actor, "terminal.location_created", "terminal_location", location.id,
                    {"display_name": location.display_name, "city": location.city, "province": province})
        return location

    @requires(Permission.MANAGE_SETTINGS)
    def register_reader(self, actor: Actor, registration_code: str, location_id: str, label: str) -> ReaderInfo:
        code, label = registration_code.strip(), label.strip() or "Front desk reader"
        if not code or not location_id:
            raise InvalidInput(msg("terminal.choose_location"),
                               field="registration_code" if not code else "location")
        reader = self._gateway().register_reader(code, location_id, label)
        # The registration code itself is a one-time pairing secret: never recorded.
        self._audit(actor, "terminal.reader_registered", "terminal_reader", reader.id,
                    {"label": reader.label, "device_type": reader.device_type, "location": location_id})
        return reader

    @requires(Permission.MANAGE_SETTINGS)
    def test_reader(self, actor: Actor, reader_id: str) -> CheckResult:
        """Test mode: a $1.00 payment on the reader with the test card, refunded at once; live: its status."""
        result = self._test_reader(self._gateway(), reader_id)
        self._audit(actor, "terminal.reader_tested", "terminal_reader", reader_id, {"ok": result.ok})
        return result

    # --- training: the student's side ---------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def present_test_card(self, actor: Actor, reader_id: str, number: str, *,
                          interac: bool = False) -> ReaderActionState | None:
        """Present one of Stripe's test cards to a simulated reader (refused in live mode)."""
        return self._gateway().present_test_card(reader_id, number, interac=interac)

    @requires(Permission.TAKE_PAYMENT)
    def pay_hosted_page(self, actor: Actor, checkout_url: str, number: str = "4242424242424242") -> str | None:
        """Training: pay a hosted (QR code) page with a test card, as the student would on a phone.

        Returns None once paid, else the page's own message (a declined card, an expired link).
        """
        if not self.training or self._pay_hosted_page is None:
            raise ConfigurationError(msg("terminal.hosted_training"))
        return self._pay_hosted_page(checkout_url, number)

    def _audit(self, actor: Actor, action: str, subject_type: str, subject_id: str, details: dict[str, Any]) -> None:
        with self._uow() as uow:
            uow.audit.record(actor, action, at=self._clock(), subject_type=subject_type, subject_id=subject_id,
                             details={k: v for k, v in details.items() if v is not None})
            uow.commit()
        log.info("%s by %s: %s", action, actor.username, subject_id)
