"""Student search words carry their first two and three characters and every word of their
student, indexed in name order: a common prefix reads its own list of students by name, and the
other typed words are checked on the same index entry instead of a lookup per student.

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def _text(length: int) -> sa.types.TypeEngine[str]:
    # As adapters/db/types.byte_ordered_string: code-point order on PostgreSQL whatever the locale.
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("student_search_terms") as batch:
        batch.add_column(sa.Column("prefix2", _text(2), nullable=True))
        batch.add_column(sa.Column("prefix3", _text(3), nullable=True))
        batch.add_column(sa.Column("student_words", sa.Text(), nullable=True))
    # As models.people.student_words: " word word ..." in code-point order (terms sort by code point).
    same_student = "o.student_id = student_search_terms.student_id"
    if op.get_bind().dialect.name == "postgresql":
        words = f"SELECT string_agg(' ' || o.term, '' ORDER BY o.term) FROM student_search_terms o WHERE {same_student}"
    else:  # SQLite concatenates in the order its subquery gives
        words = (f"SELECT group_concat(' ' || term, '') FROM"
                 f" (SELECT o.term FROM student_search_terms o WHERE {same_student} ORDER BY o.term)")
    op.execute(
        "UPDATE student_search_terms SET prefix2 = substr(term, 1, 2), prefix3 = substr(term, 1, 3), "
        f"student_words = ({words})"
    )
    with op.batch_alter_table("student_search_terms") as batch:
        batch.alter_column("prefix2", existing_type=_text(2), nullable=False)
        batch.alter_column("prefix3", existing_type=_text(3), nullable=False)
        batch.alter_column("student_words", existing_type=sa.Text(), nullable=False)
        batch.drop_index("ix_student_search_terms_term_sort")
        batch.create_index("ix_student_search_terms_term_words", ["term", "sort_name", "student_id", "student_words"])
        batch.create_index("ix_student_search_terms_prefix2_sort", ["prefix2", "sort_name", "student_id", "term"])
        batch.create_index(
            "ix_student_search_terms_prefix3_words", ["prefix3", "sort_name", "student_id", "term", "student_words"]
        )


def downgrade() -> None:
    with op.batch_alter_table("student_search_terms") as batch:
        batch.drop_index("ix_student_search_terms_prefix3_words")
        batch.drop_index("ix_student_search_terms_prefix2_sort")
        batch.drop_index("ix_student_search_terms_term_words")
        batch.create_index("ix_student_search_terms_term_sort", ["term", "sort_name", "student_id"])
        batch.drop_column("student_words")
        batch.drop_column("prefix3")
        batch.drop_column("prefix2")
