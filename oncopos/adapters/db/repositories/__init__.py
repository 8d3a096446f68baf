"""Repositories hide SQLAlchemy from the services; they return plain view objects."""
