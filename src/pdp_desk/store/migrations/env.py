"""Alembic environment: migrations always run on a connection handed in by store.migrate."""
from alembic import context

from pdp_desk.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by running `alembic` by hand
    raise RuntimeError("Run migrations through pdp_desk.store.migrate, not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only alter tables by rebuilding them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
