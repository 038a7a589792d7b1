"""STYLE.md rule 13: a signal of a long-lived object (the app context) connects only to a bound
method of the receiving QObject (``self.refresh``, ``self.editor.on_privacy``), which Qt
disconnects when that object is deleted. A lambda, a local function or a ``partial`` outlives
the widget it captures and raises "Internal C++ object … already deleted" on the next emit
(issue 12 item 4: three tracebacks per F9 after a household was opened twice)."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "src" / "wijkteam_desk" / "ui"


def _chain(node: ast.expr) -> list[str]:
    """``self.host.ctx.data_changed`` as ["self", "host", "ctx", "data_changed"]."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return parts[::-1]


def _bound_method(arg: ast.expr) -> bool:
    chain = _chain(arg)
    return isinstance(arg, ast.Attribute) and len(chain) >= 2 and chain[0] == "self"


def connections_to_context() -> list[tuple[str, int, str, bool]]:
    """(file, line, signal, bound) for every ``<…>.ctx.<signal>.connect(slot)`` under ui/."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "connect" and node.args):
                continue
            signal = _chain(node.func.value)
            if len(signal) >= 2 and signal[-2] == "ctx":
                found.append((str(path.relative_to(UI)), node.lineno, ".".join(signal),
                              _bound_method(node.args[0])))
    return found


def test_context_signals_connect_only_to_bound_methods() -> None:
    found = connections_to_context()
    assert len(found) >= 10  # the check sees the screens (it is not looking at nothing)
    offenders = [f"{file}:{line} {signal}" for file, line, signal, bound in found if not bound]
    assert offenders == []


def test_the_check_recognises_a_lambda() -> None:
    tree = ast.parse("ctx.privacy_changed.connect(lambda on: self.refresh())\n"
                     "self.ctx.data_changed.connect(self.page.refresh)\n")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.args
             and isinstance(n.func, ast.Attribute) and n.func.attr == "connect"]
    assert [_bound_method(c.args[0]) for c in calls] == [False, True]
