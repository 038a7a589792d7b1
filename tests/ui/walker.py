"""One walker for every test that asks "what does this screen say?": the language, accessibility
and size tests (tests/ui/a11y_screens.py), the lock test (nothing left after locking) and the
home-visit matrix (nothing sensitive in huisbezoekmodus).

``widget_texts(root)`` reads what a user can see or hear on ``root`` and everything under it:
titles, labels, buttons, placeholders, tool tips, accessible names and descriptions, status
tips, actions, group and tab titles, combo items, column headers, the cells of item views (also
the rows of a tree), and the texts and tips of a drawing (a ``QGraphicsView``'s scene).
``contents`` adds what is typed in text fields (as the field shows it: a password field shows
dots); ``shown_only`` leaves out widgets that are hidden, rows a view hides, and a painted chart's
markers it does not paint."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
         Qt.ItemDataRole.AccessibleTextRole)


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model hides columnCount
        return 1


def _model_texts(view: QAbstractItemView, rows: int | None, shown_only: bool) -> list[str]:
    model = view.model()
    if model is None:
        return []
    out: list[str] = []
    columns = _columns(model, QModelIndex())
    out += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]

    def walk(parent: QModelIndex, depth: int) -> None:
        count = model.rowCount(parent)
        for r in range(count if rows is None else min(count, rows)):
            if shown_only and isinstance(view, QTableView) and view.isRowHidden(r):
                continue
            if shown_only and isinstance(view, QTreeView) and view.isRowHidden(r, parent):
                continue
            for c in range(_columns(model, parent)):
                index = model.index(r, c, parent)
                out.extend(str(model.data(index, role) or "") for role in ROLES)
            first = model.index(r, 0, parent)
            # A tree shows an item's children only when it is opened (a file dialog's tree
            # would otherwise hand over the whole disk).
            if depth < 8 and isinstance(view, QTreeView) and view.isExpanded(first) \
                    and model.rowCount(first):
                walk(first, depth + 1)
    walk(QModelIndex(), 0)
    return out


def _scene_texts(view: QGraphicsView) -> list[str]:
    out: list[str] = []
    scene = view.scene()
    if scene is None:
        return out
    for item in scene.items():
        out.append(item.toolTip())
        if isinstance(item, QGraphicsSimpleTextItem):
            out.append(item.text())
        elif isinstance(item, QGraphicsTextItem):
            out.append(item.toPlainText())
    return out


def _painted_texts(widget: QWidget) -> list[str]:
    """Texts a widget paints itself: the veiligheidsschaal's series and markers."""
    from wijkteam_desk.ui.household.safety_chart import SafetyScaleChart

    if isinstance(widget, SafetyScaleChart):
        return [s.label for s in widget.series] + [label for _d, label, _c in widget.markers()]
    return []


def _one(w: QWidget, rows: int | None, contents: bool, shown_only: bool) -> list[str]:
    texts = [w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.statusTip(),
             w.whatsThis()]
    texts += [t for a in w.actions() for t in (a.text(), a.toolTip())]
    if w.isWindow():
        texts.append(w.windowTitle())
    if isinstance(w, QLineEdit):
        texts.append(w.displayText() if contents else w.text())
    elif isinstance(w, (QLabel, QAbstractButton)):
        texts.append(w.text())
    if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
        texts.append(w.placeholderText())
    if contents and isinstance(w, (QPlainTextEdit, QTextEdit)):
        texts.append(w.toPlainText())
    if isinstance(w, (QGroupBox, QMenu)):
        texts.append(w.title())
    if isinstance(w, QTabBar):
        texts += [t for i in range(w.count()) for t in (w.tabText(i), w.tabToolTip(i))]
    if isinstance(w, QTabWidget):
        texts += [w.tabText(i) for i in range(w.count())]
    if isinstance(w, QComboBox):
        texts += [w.itemText(i) for i in range(w.count())]
    if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):
        texts += _model_texts(w, rows, shown_only)  # a header's titles come with its view
    if isinstance(w, QGraphicsView):
        texts += _scene_texts(w)
    texts += _painted_texts(w)
    return texts


def texts_of(widgets: Iterable[QWidget], *, rows: int | None = None, contents: bool = False,
             shown_only: bool = False, root: QWidget | None = None) -> list[str]:
    """The non-empty texts of ``widgets`` (see the module docstring)."""
    out: list[str] = []
    for w in widgets:
        if shown_only and root is not None and w is not root and not w.isVisibleTo(root):
            continue
        out += _one(w, rows, contents, shown_only)
    return [t for t in out if t]


def widget_texts(root: QWidget, *, rows: int | None = 20, contents: bool = False,
                 shown_only: bool = False) -> list[str]:
    """Every text ``root`` and its children could show (``root``'s title included)."""
    texts = [root.windowTitle()]
    texts += texts_of([root, *root.findChildren(QWidget)], rows=rows, contents=contents,
                      shown_only=shown_only, root=root)
    return [t for t in texts if t]


def app_texts() -> list[str]:
    """Every string any live widget of the application could show, all rows of every view."""
    return texts_of(QApplication.allWidgets(), rows=None, contents=True)
