"""Alembic environment: the engine comes from ``config.attributes['engine']``."""
from alembic import context

from feedback_seg.store.schema import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=engine.dialect.name == "sqlite")
    context.run_migrations()
