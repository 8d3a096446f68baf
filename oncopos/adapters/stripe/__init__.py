"""Stripe adapter: the PaymentGateway port over the Stripe SDK, key rules and the key check."""

from .check import KeyCheckReport, PermissionCheck, check_key, format_report
from .gateway import StripeGateway
from .keys import validate_key

__all__ = ["KeyCheckReport", "PermissionCheck", "StripeGateway", "check_key", "format_report", "validate_key"]
