"""Imports flow one way (DESIGN.md): PySide6 only under ui/ (and the composition root app.py),
SQL only under storage/, domain/ depends on nothing of ours but itself, no widget imports
storage or SQLAlchemy, and team/ (the team folder) is a library beside exchange/."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "wijkteam_desk"


def modules() -> list[tuple[str, Path]]:
    out = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).with_suffix("")
        out.append((".".join(("wijkteam_desk", *rel.parts)), path))
    return out


def imports(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            found |= {f"{name}.{a.name}" for a in node.names}
    return found


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_pyside6_only_in_ui_and_the_composition_root() -> None:
    offenders = [
        m
        for m, p in modules()
        if layer(m) not in ("ui", "app") and any(i.startswith("PySide6") for i in imports(p, m))
    ]
    assert offenders == []


def test_sql_only_in_storage() -> None:
    sql = ("sqlalchemy", "sqlcipher3", "sqlite3")
    offenders = [
        m
        for m, p in modules()
        if layer(m) != "storage" and any(i.split(".")[0] in sql for i in imports(p, m))
    ]
    assert offenders == []


def test_domain_imports_nothing_of_ours_but_domain() -> None:
    offenders = [
        (m, i)
        for m, p in modules()
        if layer(m) == "domain"
        for i in imports(p, m)
        if i.startswith("wijkteam_desk.") and layer(i) != "domain"
    ]
    assert offenders == []


def test_widgets_never_import_storage() -> None:
    offenders = [
        (m, i)
        for m, p in modules()
        if layer(m) == "ui"
        for i in imports(p, m)
        if i.startswith("wijkteam_desk.storage")
    ]
    assert offenders == []


def test_storage_and_services_never_import_ui() -> None:
    offenders = [
        (m, i)
        for m, p in modules()
        if layer(m) in ("domain", "storage", "services", "exchange", "reports", "team")
        for i in imports(p, m)
        if i.startswith("wijkteam_desk.ui")
    ]
    assert offenders == []


def test_team_is_a_library_beside_exchange() -> None:
    """team/ may use domain/, exchange/ and files.py; the database, the services, the UI and the
    command line use it, never the other way round (and exchange/ knows nothing of teams)."""
    allowed = ("domain", "exchange", "files", "team")
    offenders = [
        (m, i)
        for m, p in modules()
        if layer(m) == "team"
        for i in imports(p, m)
        if i.startswith("wijkteam_desk.") and layer(i) not in allowed
    ]
    offenders += [
        (m, i)
        for m, p in modules()
        if layer(m) in ("domain", "exchange", "storage")
        for i in imports(p, m)
        if i.startswith("wijkteam_desk.team")
    ]
    assert offenders == []
    assert any(layer(m) == "team" for m, _ in modules())


def test_the_layering_check_sees_violations() -> None:
    # guard against a walker that finds nothing: the ui package must be seen importing PySide6
    assert any(
        layer(m) == "ui" and any(i.startswith("PySide6") for i in imports(p, m))
        for m, p in modules()
    )


def _our_imports() -> dict[str, set[str]]:
    """Module -> the modules of ours it imports: at the top, inside a function (imported
    later) or for type checking only; each counts as an arrow."""
    found = dict(modules())
    graph: dict[str, set[str]] = {}
    for module, path in found.items():
        targets = set()
        for name in imports(path, module):
            if name in found and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def test_imports_run_down_never_in_a_circle() -> None:
    """STYLE.md/DESIGN.md: imports go down. A circle (two modules importing each other, a
    lazy import or one for type checking included) is a module that should be split."""
    try:
        graphlib.TopologicalSorter(_our_imports()).prepare()
    except graphlib.CycleError as circle:
        raise AssertionError(f"imports in a circle: {' -> '.join(circle.args[1])}") from None
