"""Student search words carry the student's sort name and their first character, indexed, so a
keystroke is read from the index alone and in name order: instant at a million students.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def _text(length: int) -> sa.types.TypeEngine[str]:
    # As adapters/db/types.byte_ordered_string: code-point order on PostgreSQL whatever the locale.
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("student_search_terms") as batch:
        batch.add_column(sa.Column("sort_name", _text(201), nullable=True))
        batch.add_column(sa.Column("initial", _text(1), nullable=True))
    op.execute(
        "UPDATE student_search_terms SET initial = substr(term, 1, 1), "
        "sort_name = (SELECT students.sort_name FROM students WHERE students.id = student_search_terms.student_id)"
    )
    with op.batch_alter_table("student_search_terms") as batch:
        batch.alter_column("sort_name", existing_type=_text(201), nullable=False)
        batch.alter_column("initial", existing_type=_text(1), nullable=False)
        batch.create_index("ix_student_search_terms_term_sort", ["term", "sort_name", "student_id"])
        batch.create_index("ix_student_search_terms_initial_sort", ["initial", "sort_name", "student_id", "term"])


def downgrade() -> None:
    with op.batch_alter_table("student_search_terms") as batch:
        batch.drop_index("ix_student_search_terms_initial_sort")
        batch.drop_index("ix_student_search_terms_term_sort")
        batch.drop_column("initial")
        batch.drop_column("sort_name")
