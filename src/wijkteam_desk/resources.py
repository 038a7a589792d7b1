"""Finding the shipped read-only files (fonts, checklist templates, JSON schemas) in ``resources/``.

Three layouts are supported, tried in this order:
1. a PyInstaller build: the spec copies the repo's ``resources/`` to ``<_MEIPASS>/resources``;
2. a source checkout or editable install: ``<repo>/resources`` next to ``src/``;
3. a wheel that bundles it as ``wijkteam_desk/resources_data`` (not built yet, but cheap to allow).
Nothing is looked up at import; the answer is cached after the first call.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates() -> list[Path]:
    found = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        found.append(Path(frozen_root) / "resources")
    # src/wijkteam_desk/resources.py -> parents[1] is the repository root in a checkout.
    found.append(_PACKAGE_DIR.parents[1] / "resources")
    found.append(_PACKAGE_DIR / "resources_data")
    return found


@cache
def resources_root() -> Path:
    for candidate in _candidates():
        if candidate.is_dir():
            return candidate
    tried = ", ".join(str(c) for c in _candidates())
    raise FileNotFoundError(f"resources folder not found (tried: {tried})")


def resource_path(*parts: str) -> Path:
    """``resource_path("fonts", "DejaVuSans.ttf")`` → the file inside the resources folder."""
    return resources_root().joinpath(*parts)


def manual_path() -> Path | None:
    """The user guide (``docs/handleiding.md``), in a checkout or copied into a frozen build."""
    roots = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        roots.append(Path(frozen_root) / "docs")
    roots.append(_PACKAGE_DIR.parents[1] / "docs")
    return next((r / "handleiding.md" for r in roots if (r / "handleiding.md").is_file()), None)
