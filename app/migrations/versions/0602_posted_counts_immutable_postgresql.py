"""PostgreSQL too refuses changes to the lines of a count that is no longer open (0601 made
the SQLite triggers only).

Revision ID: 0602
Revises: 0601
"""

from alembic import op

revision = "0602"
down_revision = "0601"
branch_labels = None
depends_on = None

_FUNCTION = """
CREATE OR REPLACE FUNCTION count_lines_frozen() RETURNS trigger AS $$
DECLARE
    row_count_id integer;
BEGIN
    IF TG_OP = 'INSERT' THEN
        row_count_id := NEW.count_id;
    ELSE
        row_count_id := OLD.count_id;
    END IF;
    IF (SELECT status FROM stock_counts WHERE id = row_count_id) <> 'open' THEN
        RAISE EXCEPTION 'a posted count cannot be changed; reverse it instead';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_FUNCTION)
        op.execute("CREATE TRIGGER count_lines_frozen BEFORE INSERT OR UPDATE OR DELETE "
                   "ON count_lines FOR EACH ROW EXECUTE FUNCTION count_lines_frozen()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS count_lines_frozen ON count_lines")
        op.execute("DROP FUNCTION IF EXISTS count_lines_frozen()")
