"""Huisbezoekmodus (F9), issue 12 items 2 and 3: every screen in the mode — the dashboard, every
household tab (and every inner tab, with each row of its tables chosen in turn), and every
dialog a button with "…" opens from them — shows none of a seeded household's sensitive values
(one per field of ``ui/home_visit.FIELDS``) and nothing that labels a person as victim or
pleger. Read with the one walker (tests/ui/walker.py): texts, tips, accessible names and
descriptions, table cells, the family drawing and the chart. And the mode does not stop the
work with the family: what it masks is read-only and says why, the rest stays editable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from io import BytesIO

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)

from wijkteam_desk.texts import warning_text
from wijkteam_desk.ui import home_visit
from wijkteam_desk.ui.household.plan_print_dialog import PrintDialog
from wijkteam_desk.ui.main_window import MainWindow

from .conftest import PASSPHRASE, flush_deletes
from .driving import settle
from .home_visit_household import BADGES, PEOPLE, ROLE_WORDS, SEEDED, Seeded, seed
from .walker import widget_texts

NOT_SEEDED = {"household.closing_reason", "exchange.value", "exchange.summary", "checklist.notice",
              "person.secret_address", "network.secret_address", "attachment.content"}


@pytest.fixture
def visit(qtbot, service, clock) -> Iterator[tuple[MainWindow, Seeded, dict[str, tuple]]]:  # type: ignore[no-untyped-def]
    workspace, _code = service.create(PASSPHRASE, "Wijkteam Noord", "Utrecht")
    seeded = seed(workspace)
    warnings = workspace.cases.open_file(seeded.household_id, "test").warnings
    assert warnings  # the rules have something to say about this household
    forbidden = dict(SEEDED)
    forbidden["household.warnings"] = tuple(warning_text(w)[0] for w in warnings)
    window = MainWindow(service, clock=clock, watch_system=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_workspace(workspace)
    dashboard = window._dashboard
    settle(dashboard.loader)  # it loads in a worker thread
    yield window, seeded, forbidden
    window.lock("test")
    flush_deletes()


def test_every_field_of_the_registry_is_seeded() -> None:
    """A new field in home_visit.FIELDS needs a value here, or the matrix does not test it."""
    assert set(SEEDED) == set(home_visit.FIELDS)
    assert {f for f, values in SEEDED.items() if not values} <= NOT_SEEDED | {
        "household.warnings"}


# -- what counts as showing something ---------------------------------------------------------
def leaks(texts: list[str], forbidden: dict[str, tuple]) -> list[str]:
    found = []
    for text in texts:
        for field, values in forbidden.items():
            found += [f"{field}: {v!r} in {text[:80]!r}" for v in values if v and v in text]
        lowered = text.lower()
        if any(name in text for name in PEOPLE) and any(w in lowered for w in ROLE_WORDS):
            found.append(f"a person labelled: {text[:80]!r}")
    return found


def data_leaks(root: QWidget) -> list[str]:
    """Role words in what a screen fills in: table cells, a drawing, a combo's items."""
    found = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, QAbstractItemView) or w.metaObject().className() == "GenogramView":
            for text in widget_texts(w, rows=None, shown_only=True)[1:]:
                if text.strip() in BADGES or any(r in text.lower() for r in ROLE_WORDS):
                    found.append(f"{type(w).__name__}: {text[:80]!r}")
    return found


def masked_fields_say_why(root: QWidget) -> list[str]:
    """A field showing a mask is read-only and says why (no keystroke silently lost)."""
    bad = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        if isinstance(w, QLineEdit) and w.text() == home_visit.MASK:
            if not w.isReadOnly() or "huisbezoekmodus" not in w.toolTip().lower():
                bad.append(f"{w.accessibleName()!r} shows a mask but is not read-only/says why")
        if isinstance(w, QPlainTextEdit) and w.toPlainText() == home_visit.MASK:
            if not w.isReadOnly() or "huisbezoekmodus" not in w.toolTip().lower():
                bad.append(f"{w.accessibleName()!r} shows a mask but is not read-only/says why")
    return bad


def check(name: str, root: QWidget, forbidden: dict[str, tuple], found: list[str]) -> None:
    if isinstance(root, PrintDialog):
        settle(root.renderer)  # the preview is made in a worker: check the pages it shows
    QApplication.processEvents()
    texts = widget_texts(root, rows=None, contents=True, shown_only=True)
    if isinstance(root, PrintDialog) and root.printout() is not None:
        from pypdf import PdfReader
        pages = PdfReader(BytesIO(root.printout().data)).pages
        texts += [page.extract_text() or "" for page in pages]
    problems = leaks(texts, forbidden) + data_leaks(root) + masked_fields_say_why(root)
    found += [f"{name}: {p}" for p in problems]


# -- walking the screens ----------------------------------------------------------------------
def _views(root: QWidget) -> list[QAbstractItemView]:
    return [v for v in root.findChildren(QAbstractItemView)
            if v.isVisibleTo(root) and v.model() is not None and v.model().rowCount() > 0
            and v.selectionModel() is not None]


def choose(view: QAbstractItemView, row: int) -> None:
    """What a click on a row does: it becomes current and selected."""
    index = view.model().index(row, 0)
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)


def each_page(root: QWidget) -> Iterator[str]:
    """Every page of every inner tab widget in turn."""
    for inner in root.findChildren(QTabWidget):
        for i in range(inner.count()):
            inner.setCurrentIndex(i)
            QApplication.processEvents()
            yield inner.tabText(i)
    yield ""


def each_state(root: QWidget) -> Iterator[str]:
    """Every inner tab in turn, and in each, every row of every table chosen in turn."""
    tabs = [t for t in root.findChildren(QTabWidget)] or [None]
    for inner in tabs:
        for i in range(inner.count() if inner is not None else 1):
            if inner is not None:
                inner.setCurrentIndex(i)
            QApplication.processEvents()
            yield f"{inner.tabText(i) if inner is not None else ''}"
            for view in _views(root):
                for row in range(min(view.model().rowCount(), 12)):
                    choose(view, row)
                    QApplication.processEvents()
                    yield f"{inner.tabText(i) if inner is not None else ''} rij {row + 1}"


def dialog_buttons(root: QWidget) -> list[QPushButton]:
    return [b for b in root.findChildren(QPushButton)
            if b.isVisibleTo(root) and b.isEnabled() and b.text().rstrip().endswith("…")]


class Opened(list):  # type: ignore[type-arg]
    """The dialogs opened so far; ``on_open`` is what the test does with each."""

    on_open: Callable[[QDialog], None] | None = None


@pytest.fixture
def opened_dialogs(monkeypatch: pytest.MonkeyPatch) -> Opened:
    """Instead of blocking, a dialog a button opens is checked by the test, then cancelled."""
    seen = Opened()

    def fake_exec(dialog: QDialog) -> int:
        dialog.show()
        QApplication.processEvents()
        if seen.on_open is not None:
            seen.on_open(dialog)
        seen.append(dialog.windowTitle())
        dialog.hide()
        return 0

    for cls in (QDialog, QMessageBox, QPrintDialog):
        monkeypatch.setattr(cls, "exec", fake_exec)
    for name in ("getSaveFileName", "getOpenFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    return seen


def test_no_screen_shows_what_the_family_must_not_see(visit, opened_dialogs) -> None:  # type: ignore[no-untyped-def]
    window, seeded, forbidden = visit
    found: list[str] = []
    window.set_privacy(True)  # F9, on the dashboard
    check("overzicht", window, forbidden, found)
    assert window.open_household(seeded.household_id)  # built in the mode
    page = window._household.page  # type: ignore[union-attr]
    opened_dialogs.on_open = lambda d: check(f"venster {d.windowTitle()}", d, forbidden, found)
    for i in range(page.tabs.count()):
        page.set_current_tab(i)
        tab = page.tabs.widget(i)
        name = page.tabs.tabText(i)
        for state in each_state(tab):
            check(f"{name} {state}", window, forbidden, found)
        for _state in each_page(tab):
            for view in _views(tab):  # the first row chosen: whom "Bewerken…" edits
                choose(view, 0)
            for button in dialog_buttons(tab):
                if button.isVisibleTo(tab) and button.isEnabled():
                    button.click()
                    flush_deletes()
    window.set_privacy(False)
    window.set_privacy(True)  # and switched on live, with the household open
    for i in range(page.tabs.count()):
        page.set_current_tab(i)
        for state in each_state(page.tabs.widget(i)):
            check(f"{page.tabs.tabText(i)} (live) {state}", window, forbidden, found)
    titles = set(opened_dialogs)
    assert {"Gezinslid bewerken", "Veilige persoon", "Plan vaststellen",
            "Veiligheidsplan versie 2 afdrukken", "Versie 1 en versie 2 vergeleken",
            "Aanbod voor Lotte"} <= titles, titles
    assert len(titles) >= 20, titles  # the walk did open the dialogs
    assert not found, "\n".join(dict.fromkeys(found))
