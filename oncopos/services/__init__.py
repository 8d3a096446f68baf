"""Use cases as plain functions and classes over a unit of work and ports. No Qt here."""
