"""Taking a payment: the flow (service.py), its Stripe side (flow.py), recording (recording.py) and
reconciliation after a crash (reconcile.py). Only plain records cross into the window."""
