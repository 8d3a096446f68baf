"""The refund windows: the payment history, the refund dialog and the Dashboard refunds to review."""
