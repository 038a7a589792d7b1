"""The whole schema: every table module, registered on one ``Base.metadata``.

The vault's schema is made by the migration ladder, never by ``create_all``; the migration test
compares the ladder's result with this metadata. A new table module is added here."""

from __future__ import annotations

from . import models, models_work  # noqa: F401 (importing a table module registers its tables)
from .base import Base

metadata = Base.metadata
