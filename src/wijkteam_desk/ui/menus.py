"""The main window's menu entries that open a screen of their own: VT-uitwisseling, Agenda,
Monitoring en cijfers (Extra) and the Handleiding (Help).

The entries (text, shortcut, tip) exist from the start; each screen's module is imported when
its entry is first used. The unlock screen needs none of them, and importing them all made the
app start 2.4× a bare window (DESIGN.md: ≤ 2×; bench/bench_ui.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu


def _entry(window: Any, menu: QMenu, text: str, tip: str, opens: Callable[[Any], object],
           keys: QKeySequence | None = None) -> QAction:
    action = QAction(text, window)
    action.setToolTip(tip)
    action.setStatusTip(tip)
    if keys is not None:
        action.setShortcut(keys)
    action.triggered.connect(lambda _checked=False: opens(window))
    window.addAction(action)
    menu.addAction(action)
    return action


def _open_exchange(window: Any) -> object:
    from .exchange import open_exchange

    return open_exchange(window)


def _open_agenda(window: Any) -> object:
    from .agenda import open_agenda

    return open_agenda(window)


def _open_overview(window: Any) -> object:
    from .agenda import open_overview

    return open_overview(window)


def _open_manual(window: Any) -> object:
    from .help import guide_anchor_for, open_guide

    return open_guide(window, guide_anchor_for(window))


def _help_in_dialogs(window: Any, locked: bool) -> None:
    """F1 inside a modal dialog reaches no window shortcut: an app-wide key filter, installed at
    the first unlock so the unlock screen starts without it."""
    if not locked:
        from .help import install_help_key

        install_help_key(window)


def add_exchange_action(window: Any, menu: QMenu) -> QAction:
    return _entry(window, menu, window.tr("&VT-uitwisseling…"), window.tr(
        "Pakketten van en naar Veilig Thuis: inlezen, versturen, logboek, sleutels"),
        _open_exchange)


def add_monitoring_actions(window: Any, menu: QMenu) -> list[QAction]:
    """"Agenda" and "Monitoring en cijfers". Enabled only while unlocked."""
    menu.addSeparator()
    actions = [
        _entry(window, menu, window.tr("A&genda…"),
               window.tr("Monitoringmomenten die te laat zijn of eraan komen (Ctrl+G)"),
               _open_agenda, QKeySequence("Ctrl+G")),
        _entry(window, menu, window.tr("&Monitoring en cijfers…"),
               window.tr("Cijfers van het team: duurzaam veilig, op tijd, heropend"),
               _open_overview)]
    for action in actions:
        action.setEnabled(False)
    window.locked_changed.connect(lambda locked: [a.setEnabled(not locked) for a in actions])
    window.monitoring_actions = actions
    return actions


def add_help_actions(window: Any, menu: QMenu) -> QAction:
    window.locked_changed.connect(lambda locked: _help_in_dialogs(window, locked))
    return _entry(window, menu, window.tr("&Handleiding"),
                  window.tr("Uitleg bij het scherm waar je bent (F1)"), _open_manual,
                  QKeySequence(QKeySequence.StandardKey.HelpContents))
