"""The family diagram (genogram-style): something a consultant can show the family instead of a
list. Neutral rounded boxes with name and age, generations in rows, partner and ex-partner lines,
parent–child lines, role badges, the household framed, people living elsewhere apart, and the
network around it with threatening members marked. Huisbezoekmodus draws what the family may
see: names and who lives where, but no ages, no role badges or legend, and every network member
alike (``home_visit``: "person.birth_date", "person.roles", "network.stance").

``genogram_layout.layout()`` places everyone; ``GenogramView`` draws it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from ...domain.model import (
    Certainty,
    HouseholdFile,
    NetworkStance,
    Person,
    RelationshipKind,
    Role,
)
from ...texts import ROLES
from .. import home_visit
from ..models.household import sorted_roles
from ..widgets import colors
from .genogram_layout import Layout, layout, links

BADGES = {  # role: (letter, colour); white letters on it, ≥ 4.5:1 (ui/widgets/colors.py)
    role: (letter, colors.BADGES[role.value]) for role, letter in (
        (Role.SLACHTOFFER, "S"), (Role.PLEGER, "P"), (Role.KIND, "K"), (Role.GETUIGE, "G"),
        (Role.OUDER, "O"), (Role.MANTELZORGER, "M"))
}
RED, GREEN, INK = colors.DANGER, colors.GENOGRAM_SAFE, colors.INK
GREY = colors.GENOGRAM_LINE_GREY  # lines only; grey text is MUTED (darker, readable)
TEXT = colors.GENOGRAM_TEXT


class GenogramView(QGraphicsView):
    """Draws the layout; refits on resize. ``set_file`` rebuilds, ``set_privacy`` redraws."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing |
                            QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(QBrush(QColor("#ffffff")))
        self.setAccessibleName(self.tr("Gezinstekening"))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.file: HouseholdFile | None = None
        self.today = date.today()
        self.privacy = False
        self.current_layout: Layout | None = None

    def set_file(self, file: HouseholdFile, today: date, privacy: bool) -> None:
        self.file, self.today, self.privacy = file, today, privacy
        self._draw()

    def set_privacy(self, on: bool) -> None:
        self.privacy = on
        if self.file is not None:
            self._draw()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        rect = self.scene().itemsBoundingRect().adjusted(-12, -12, 12, 12)
        if rect.isEmpty():
            return
        self.resetTransform()
        view = self.viewport().rect()
        scale = min(view.width() / rect.width(), view.height() / rect.height(), 1.3)
        self.scale(scale, scale)
        self.centerOn(rect.center())

    # -- drawing ------------------------------------------------------------------------------
    def _text(self, text: str, x: float, y: float, size: int = 10, bold: bool = False,
              colour: str = INK, width: float | None = None) -> QGraphicsSimpleTextItem:
        font = QFont(self.font())
        font.setPointSize(size)
        font.setBold(bold)
        if width is not None:
            text = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, int(width))
        item = self.scene().addSimpleText(text, font)
        item.setBrush(QBrush(QColor(colour)))
        item.setPos(x, y)
        return item

    def _path(self, path: QPainterPath, pen: QPen, brush: QBrush | None = None,
              z: float = 0) -> QGraphicsPathItem:
        item = self.scene().addPath(path, pen, brush or QBrush(Qt.BrushStyle.NoBrush))
        item.setZValue(z)
        return item

    def _draw(self) -> None:
        scene, file = self.scene(), self.file
        assert file is not None
        scene.clear()
        lay = self.current_layout = layout(file, self.today)
        if not file.persons and not file.network:
            self._text(self.tr("Nog geen gezinsleden."), 0, 0, 12, colour=colors.MUTED)
            self._fit()
            return
        if lay.household_frame is not None:
            frame = QPainterPath()
            frame.addRoundedRect(lay.household_frame, 18, 18)
            fill, line, text = colors.GENOGRAM_HOUSE
            self._path(frame, QPen(QColor(line), 1.5, Qt.PenStyle.DashLine),
                       QBrush(QColor(fill)), z=-2)
            self._text(self.tr("Woont in huis"), lay.household_frame.left() + 12,
                       lay.household_frame.top() + 6, 9, True, text)
        if lay.elsewhere_label is not None:
            self._text(self.tr("Woont elders"), lay.elsewhere_label.x(),
                       lay.elsewhere_label.y(), 9, True, colors.MUTED)
        self._draw_relations(lay)
        for p in file.persons:
            self._draw_person(p, lay.boxes[p.id])
        self._draw_network(lay)
        if not home_visit.hides("person.roles", self.privacy):
            self._draw_legend(scene.itemsBoundingRect())
        self.setAccessibleDescription(self._description())
        self._fit()

    def _draw_person(self, p: Person, box: QRectF) -> None:
        path = QPainterPath()
        path.addRoundedRect(box, 10, 10)
        pen = QPen(QColor(INK), 1.6)
        if not p.lives_in_household:
            pen = QPen(QColor(GREY), 1.6, Qt.PenStyle.DashLine)
        item = self._path(path, pen, QBrush(QColor("#ffffff")), z=1)
        hide_roles = home_visit.hides("person.roles", self.privacy)
        roles = ", ".join(ROLES[r.role.value] + (" (vermoeden)" if r.certainty is
                                                 Certainty.VERMOEDEN else "") for r in p.roles)
        item.setToolTip(p.full_name if hide_roles else f"{p.full_name}\n{roles}")
        name = self._text(p.full_name, box.left() + 10, box.top() + 8, 10, True,
                          width=box.width() - 20)
        name.setZValue(2)
        age = p.age_on(self.today)
        if age is not None and not home_visit.hides("person.birth_date", self.privacy):
            self._text(self.tr("{n} jaar").format(n=age), box.left() + 10, box.top() + 27,
                       9, colour=TEXT).setZValue(2)
        x = box.right() - 8
        for r in () if hide_roles else reversed(sorted_roles(p)):
            letter, colour = BADGES[r.role]
            guess = r.certainty is Certainty.VERMOEDEN
            label = letter + ("?" if guess else "")
            bw = 20 if not guess else 28
            x -= bw
            badge = QPainterPath()
            badge.addRoundedRect(QRectF(x, box.bottom() - 24, bw, 18), 9, 9)
            pen = QPen(QColor(colour), 1.4, Qt.PenStyle.DashLine if guess else
                       Qt.PenStyle.SolidLine)
            fill = QBrush(QColor("#ffffff" if guess else colour))
            self._path(badge, pen, fill, z=2).setToolTip(
                ROLES[r.role.value] + (" (vermoeden)" if guess else ""))
            t = self._text(label, x, box.bottom() - 23, 8, True,
                           colour if guess else "#ffffff")
            t.setPos(x + (bw - t.boundingRect().width()) / 2, box.bottom() - 23)
            t.setZValue(3)
            x -= 4

    def _draw_relations(self, lay: Layout) -> None:
        file = self.file
        assert file is not None
        edges, couples = links(file, self.today)
        boxes = lay.boxes
        origin: dict[frozenset[int], QPointF] = {}
        solid = QPen(QColor(INK), 2)
        for key, kind in couples.items():
            a, b = sorted(key, key=lambda pid: boxes[pid].left())
            ba, bb = boxes[a], boxes[b]
            if abs(ba.top() - bb.top()) < 1:
                y = ba.center().y()
                p1, p2 = QPointF(ba.right(), y), QPointF(bb.left(), y)
            else:
                p1, p2 = ba.center(), bb.center()
            line = QPainterPath(p1)
            line.lineTo(p2)
            mid = (p1 + p2) / 2
            if kind == "ex":
                self._path(line, QPen(QColor(INK), 2, Qt.PenStyle.DashLine))
                slash = QPainterPath()
                for dx in (-5, 5):
                    slash.moveTo(mid.x() + dx - 5, mid.y() + 9)
                    slash.lineTo(mid.x() + dx + 5, mid.y() - 9)
                self._path(slash, QPen(QColor(INK), 2), z=1)
                self._text(self.tr("ex"), mid.x() - 7, mid.y() - 26, 8, colour=colors.MUTED)
            else:
                self._path(line, solid)
            origin[key] = mid
        children: dict[frozenset[int], list[int]] = defaultdict(list)
        kids_of: dict[int, list[int]] = defaultdict(list)
        step: list[tuple[int, int]] = []
        kinds = {(r.person_a_id, r.person_b_id): r.kind for r in file.relationships}
        for a, b, d in edges:
            if d != 1:
                continue
            if kinds.get((a, b)) is RelationshipKind.STIEFOUDER:
                step.append((a, b))
            else:
                kids_of[b].append(a)
        for child, ps in kids_of.items():
            pair = frozenset(ps)
            if len(ps) == 2 and pair in origin:
                children[pair].append(child)
            else:
                for par in ps:
                    children[frozenset((par,))].append(child)
        for n, (ps, kids) in enumerate(sorted(children.items(), key=lambda kv: sorted(kv[0]))):
            if ps in origin:
                start = origin[ps]
            else:
                (par,) = tuple(ps)
                start = QPointF(boxes[par].center().x(), boxes[par].bottom())
            top = min(boxes[k].top() for k in kids)
            bar_y = top - 20 - (n % 3) * 6
            path = QPainterPath(start)
            path.lineTo(start.x(), bar_y)
            xs = [boxes[k].center().x() for k in kids] + [start.x()]
            path.moveTo(min(xs), bar_y)
            path.lineTo(max(xs), bar_y)
            for k in kids:
                path.moveTo(boxes[k].center().x(), bar_y)
                path.lineTo(boxes[k].center().x(), boxes[k].top())
            self._path(path, QPen(QColor(INK), 1.6))
        for a, b in step:
            path = QPainterPath(QPointF(boxes[a].center().x(), boxes[a].bottom()))
            path.lineTo(boxes[b].center().x(), boxes[b].top())
            self._path(path, QPen(QColor(GREY), 1.4, Qt.PenStyle.DashLine))
        for a, b, d in edges:
            if d == 2:
                path = QPainterPath(QPointF(boxes[a].center().x(), boxes[a].bottom()))
                path.lineTo(boxes[b].center().x(), boxes[b].top())
                self._path(path, QPen(QColor(GREY), 1.2, Qt.PenStyle.DotLine))

    def _draw_network(self, lay: Layout) -> None:
        file = self.file
        assert file is not None
        if lay.network_label is not None:
            self._text(self.tr("Netwerk"), lay.network_label.x(), lay.network_label.y(), 9, True,
                       colors.MUTED)
        neutral = home_visit.hides("network.stance", self.privacy)
        for n in file.network:
            box = lay.network[n.id]
            threat = n.stance is NetworkStance.BEDREIGEND and not neutral
            path = QPainterPath()
            path.addRoundedRect(box, 10, 10)
            pen = QPen(QColor(RED if threat else GREEN), 2.2 if threat else 1.4,
                       Qt.PenStyle.SolidLine if threat else Qt.PenStyle.DashLine)
            fill = QBrush(QColor(colors.GENOGRAM_THREAT_FILL if threat
                                 else colors.GENOGRAM_SAFE_FILL))
            tip = f"{n.name} ({n.relation})"
            if not neutral:
                tip += "\n" + (self.tr("bedreigend") if threat else self.tr("veilig genoeg"))
            self._path(path, pen, fill, z=1).setToolTip(tip)
            self._text(n.name, box.left() + 10, box.top() + 6, 10, True,
                       width=box.width() - 20).setZValue(2)
            self._text(n.relation, box.left() + 10, box.top() + 23, 9, colour=TEXT,
                       width=box.width() - 20).setZValue(2)
            if neutral:
                continue
            stance = self.tr("⚠ bedreigend") if threat else self.tr("veilig genoeg")
            self._text(stance, box.left() + 10, box.top() + 38, 9, threat,
                       RED if threat else GREEN).setZValue(2)

    def _draw_legend(self, bounds: QRectF) -> None:
        """Role letters, then the line styles drawn as they appear in the diagram."""
        x, y = bounds.left(), bounds.bottom() + 24
        for role, (letter, colour) in BADGES.items():
            badge = QPainterPath()
            badge.addRoundedRect(QRectF(x, y, 20, 18), 9, 9)
            self._path(badge, QPen(QColor(colour), 1.4), QBrush(QColor(colour)))
            t = self._text(letter, x, y + 1, 8, True, "#ffffff")
            t.setPos(x + (20 - t.boundingRect().width()) / 2, y + 1)
            label = self._text(ROLES[role.value], x + 25, y + 1, 9, colour=TEXT)
            x += 25 + label.boundingRect().width() + 16
        label = self._text(self.tr("?  = vermoeden"), x, y + 1, 9, colour=TEXT)
        x, y = bounds.left(), y + 28
        samples = (
            (self.tr("partner"), QPen(QColor(INK), 2), False),
            (self.tr("ex-partner"), QPen(QColor(INK), 2, Qt.PenStyle.DashLine), True),
            (self.tr("stiefouder"), QPen(QColor(GREY), 1.4, Qt.PenStyle.DashLine), False),
            (self.tr("gestippeld kader: woont elders"), None, False),
        )
        for text, pen, slashes in samples:
            if pen is not None:
                line = QPainterPath(QPointF(x, y + 9))
                line.lineTo(x + 40, y + 9)
                self._path(line, pen)
                if slashes:
                    slash = QPainterPath()
                    for dx in (-4, 4):
                        slash.moveTo(x + 20 + dx - 4, y + 16)
                        slash.lineTo(x + 20 + dx + 4, y + 2)
                    self._path(slash, QPen(QColor(INK), 1.6))
                x += 46
            label = self._text(text, x, y + 1, 9, colour=TEXT)
            x += label.boundingRect().width() + 22

    def _description(self) -> str:
        file = self.file
        assert file is not None
        parts = []
        hide_roles = home_visit.hides("person.roles", self.privacy)
        neutral = home_visit.hides("network.stance", self.privacy)
        for p in file.persons:
            roles = "" if hide_roles else ", ".join(ROLES[r.role.value] for r in p.roles)
            where = ("woont in huis" if hide_roles else "") if p.lives_in_household \
                else "woont elders"
            parts.append(f"{p.full_name} ({', '.join(x for x in (roles, where) if x)})")
        for n in file.network:
            stance = "" if neutral else \
                f", {'bedreigend' if n.stance is NetworkStance.BEDREIGEND else 'veilig'}"
            parts.append(f"{n.name}, netwerk{stance}")
        return "; ".join(parts)
