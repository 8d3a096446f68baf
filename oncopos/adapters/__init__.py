"""The outside world: databases, Stripe, mail, PDF, keyring. No Qt here."""
