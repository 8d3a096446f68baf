"""A Stripe-compatible simulator for training mode and tests, driven by the real SDK over HTTP."""

from .server import SimulatorHandle, serve_forever, start_simulator

__all__ = ["SimulatorHandle", "serve_forever", "start_simulator"]
