"""Keyboard order in form dialogs. The dialog bases build their button row before the
subclass adds the fields, so Qt's focus chain would start at Opslaan: a user who opens a dialog
and starts typing would type into nothing. ``buttons_last`` puts the buttons at the end of the
Tab order and the focus on the first field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget


def tab_chain(root: QWidget) -> list[QWidget]:
    """The widgets Tab visits inside ``root``, in order."""
    out: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not root and widget not in out:
        if (root.isAncestorOf(widget) and widget.isVisibleTo(root) and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.focusProxy() is None):
            out.append(widget)
        widget = widget.nextInFocusChain()
    return out


def buttons_last(root: QWidget, box: QDialogButtonBox) -> None:
    """Call from ``showEvent``. Re-parenting moves the box to the end of the focus chain
    (QWidget.setTabOrder leaves a button box where it is in Qt 6.12); done once per dialog."""
    layout = root.layout()
    if not box.property("wd_buttons_last") and layout is not None and \
            layout.indexOf(box) == layout.count() - 1:
        layout.removeWidget(box)
        box.setParent(None)
        box.setParent(root)
        layout.addWidget(box)
        box.show()
        box.setProperty("wd_buttons_last", True)
    current = root.focusWidget()
    if current is None or box.isAncestorOf(current):
        fields = [w for w in tab_chain(root) if not box.isAncestorOf(w)]
        if fields:
            fields[0].setFocus(Qt.FocusReason.TabFocusReason)
