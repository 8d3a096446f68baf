"""Issue 9's windows: the payment history, the refund dialog and the Dashboard refunds to review."""
