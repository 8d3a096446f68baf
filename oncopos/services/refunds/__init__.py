"""Refunds: giving money back the right way, with a credit note, and never twice.

- `service.RefundService`: refund a payment (Refunds API, or Interac in person on the reader),
  follow and cancel a reader refund, settle refunds left in flight, pick up Dashboard refunds.
- `history.PaymentHistoryService`: find payments and show one with its steps, documents and refunds.
"""
