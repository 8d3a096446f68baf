"""Storage: SQLAlchemy 2 models, Alembic migrations, unit of work and repositories."""
