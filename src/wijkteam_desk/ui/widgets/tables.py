"""A read-only table view with the settings every list in the app shares."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def table_view(model: QAbstractItemModel, name: str, parent: QWidget | None = None,
               stretch_last: bool = True) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    view.verticalHeader().setVisible(False)
    vh = view.verticalHeader()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.horizontalHeader().setHighlightSections(False)
    return view


def selected_row(view: QTableView) -> int | None:
    """The selected source row (maps through a proxy), or None."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return None
    index: QModelIndex = rows[0]
    model = view.model()
    while hasattr(model, "mapToSource"):
        index = model.mapToSource(index)  # type: ignore[attr-defined]
        model = model.sourceModel()  # type: ignore[attr-defined]
    return index.row()


def on_selected_row(view: QTableView, slot: Callable[[], None]) -> None:
    """Call ``slot`` whenever the selected row changes, once the selection reads the new row.

    Not ``currentRowChanged``: a mouse click moves the current index *before* it updates the
    selection, so a slot that reads :func:`selected_row` there still sees the previous row (the
    Tijdlijn showed the row above the one clicked). The view's own selection model dies with the
    view, so the connection cannot outlive it."""
    view.selectionModel().selectionChanged.connect(lambda *_: slot())
