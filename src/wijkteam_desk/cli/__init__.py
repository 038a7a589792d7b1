"""The command line (DESIGN.md "Command line"): a stable contract for scripts and tests.

One module per command group (``vault``, ``profile``, ``cases``, ``plans``, ``agenda``,
``exchange``, ``vt``) on a shared ``base``; ``main`` builds the parser from the groups and
dispatches. Nothing imports back up: groups import ``base`` only, ``main`` imports the groups.
Heavy libraries (SQLAlchemy, reportlab, the exchange crypto) load inside the command that needs
them, so ``wijkteam-desk`` (the app) starts as fast as the unlock screen allows."""

from .main import build_parser, main, run

__all__ = ["build_parser", "main", "run"]
