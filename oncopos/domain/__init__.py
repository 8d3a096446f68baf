"""The pure-Python core: money, tax, balances, payment rules and errors.

It imports no Qt, SQLAlchemy, stripe or reportlab (tests/unit/test_import_rules.py checks it).
"""
