"""Taking a payment: the flow (service.py), its Stripe side (flow.py), recording (recording.py) and
recovery after a crash (recovery.py). Only plain records cross into the window."""
