"""The whole schema: every table module, registered on one ``Base.metadata``.

The vault's schema is made by the migration ladder, never by ``create_all``; the migration test
compares the ladder's result with this metadata. A new table module is added here. ``ids``
registers the team-wide id allocation on every table."""

from __future__ import annotations

from . import (  # noqa: F401 (registers tables, events)
    ids,
    models,
    models_agenda,
    models_exchange,
    models_profile,
    models_record,
    models_team,
    models_work,
)
from .base import Base

metadata = Base.metadata
