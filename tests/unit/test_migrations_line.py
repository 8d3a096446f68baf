"""The migrations are one line: a single head, and every revision after the join has one parent."""

from alembic.script import ScriptDirectory

from oncopos.adapters.db.migrate import MIGRATIONS_DIR, head_revision


def test_one_head() -> None:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    assert script.get_heads() == [head_revision()]


def test_revisions_after_the_join_have_one_parent() -> None:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    after_join = [rev for rev in script.walk_revisions() if rev.revision >= "0010" and rev.revision != "0010"]
    for rev in after_join:
        assert isinstance(rev.down_revision, str), f"{rev.revision} has parents {rev.down_revision}: keep the line linear"
