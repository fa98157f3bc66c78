"""account_event (audit of account actions) and login_failure (the shared login limiter; issues 13, 16)

Revision ID: 0003_accounts
Revises: 0002_recut
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_accounts"
down_revision = "0002_recut"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_account_event_user_id", "account_event", ["user_id"])
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_key", sa.String(length=32), nullable=False),
        sa.Column("account_key", sa.String(length=32), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_failure_at", "login_failure", ["at"])
    op.create_index("ix_login_failure_client", "login_failure", ["client_key", "at"])
    op.create_index("ix_login_failure_account", "login_failure", ["account_key", "at"])


def downgrade() -> None:
    op.drop_table("login_failure")
    op.drop_index("ix_account_event_user_id", table_name="account_event")
    op.drop_table("account_event")
