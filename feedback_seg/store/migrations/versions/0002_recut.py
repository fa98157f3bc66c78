"""run_hierarchy: the stored trees a re-cut reads (issue 11, point 2)

Revision ID: 0002_recut
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "0002_recut"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run_hierarchy",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("arrays", sa.LargeBinary(), nullable=False),
        sa.Column("cuts", sa.JSON(), nullable=False),
        sa.Column("chosen", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["run.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("run_id"),
    )


def downgrade() -> None:
    op.drop_table("run_hierarchy")
