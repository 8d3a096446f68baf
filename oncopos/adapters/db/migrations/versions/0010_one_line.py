"""Join the seven parallel branches (0003 to 0009) into one line.

Revisions 0003 to 0009 were written side by side, each on top of 0001. This revision has them all
as parents and changes nothing, so `alembic heads` shows a single head and every later revision
builds on this one, in one line.

Revision ID: 0010
Revises: 0003, 0004, 0005, 0006, 0007, 0008, 0009
"""

from __future__ import annotations

revision = "0010"
down_revision = ("0003", "0004", "0005", "0006", "0007", "0008", "0009")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
