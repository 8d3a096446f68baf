"""Student search words with apostrophes folded ("obrien" finds O'Brien) and names also as one word.

Adds the words the new folding gives to every student already on file; words already there are
kept (the old split words, "o" and "brien", still match what people type). Nothing to undo: the
extra words only make more searches find the same students.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from oncopos.domain.search import index_terms

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    conn = op.get_bind()
    students = sa.table(
        "students", sa.column("id", sa.Uuid()), sa.column("first_name"), sa.column("last_name"),
        sa.column("preferred_name"), sa.column("email"), sa.column("phone"), sa.column("student_number"),
    )
    terms = sa.table("student_search_terms", sa.column("term"), sa.column("student_id", sa.Uuid()))
    last = None
    while True:
        query = sa.select(students).order_by(students.c.id).limit(_BATCH)
        if last is not None:
            query = query.where(students.c.id > last)
        rows = conn.execute(query).mappings().all()
        if not rows:
            return
        last = rows[-1]["id"]
        ids = [row["id"] for row in rows]
        held = {(t, s) for t, s in conn.execute(sa.select(terms.c.term, terms.c.student_id).where(terms.c.student_id.in_(ids)))}
        missing = [
            {"term": term, "student_id": row["id"]}
            for row in rows
            for term in index_terms(
                first_name=row["first_name"], last_name=row["last_name"], preferred_name=row["preferred_name"],
                email=row["email"], phone=row["phone"], student_number=row["student_number"],
            )
            if (term, row["id"]) not in held
        ]
        if missing:
            conn.execute(sa.insert(terms), missing)


def downgrade() -> None:
    """The added words are harmless to an older version; they stay."""
