"""A read-only table view with the settings every list in the app shares, and column widths
that follow the text (``size_columns``): a width in pixels cuts off a date or a status as soon
as the text is larger (a laptop at 125 %)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex
from PySide6.QtGui import QFont, QFontMetrics
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
    size_columns(view, [""] * model.columnCount())  # at least every column's header
    return view


CELL_PADDING = 10  # the item view's text margins on both sides, and a little air
TYPICAL = "Sepp van Bunschoten, Wijkteam Oost: huisbezoek"  # what a character is wide, on average


def size_columns(view: QTableView, samples: Sequence[str | int | None],
                 bold: Sequence[int] = ()) -> None:
    """Set each column as wide as the longest text it shows, in the view's own font, and never
    narrower than its header. A sample is that longest text ("00-00-0000 00:00"), or a number
    of average characters for free text, or None to leave the column as it is. The ``bold``
    columns are measured in bold (the model shows some of their rows bold)."""
    heavy = QFont(view.font())
    heavy.setBold(True)
    header = view.horizontalHeader()
    for col, sample in enumerate(samples):
        if sample is None or col >= header.count():
            continue
        fm = QFontMetrics(heavy) if col in bold else view.fontMetrics()
        if isinstance(sample, int):  # characters of ordinary Dutch text, names included
            need = round(fm.horizontalAdvance(TYPICAL) / len(TYPICAL) * sample)
        else:
            need = fm.horizontalAdvance(sample) if sample else 0
        view.setColumnWidth(col, max(need + CELL_PADDING,
                                     header.sectionSizeFromContents(col).width()))


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
