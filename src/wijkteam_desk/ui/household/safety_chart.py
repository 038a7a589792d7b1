"""The veiligheidsschaal over time, drawn with QPainter: the picture a consultant shows the family.

One line per person and who gave the score (a mother's own score and the professional's score of
her are different lines), scores 0-10 upwards, time to the right, incidents (red) and phase changes
(blue) as labelled vertical markers. Large letters, Dutch labels, a legend; no chart library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...domain.safety_scale import ScoredBy
from ...services.checklists import ScaleData
from ..widgets import colors

MONTHS = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()
PALETTE = colors.CHART_SERIES  # lines on white, each ≥ 3:1 (tests/ui/test_contrast.py)
INCIDENT = QColor(colors.CHART_INCIDENT)
PHASE = QColor(colors.CHART_PHASE)
BY = {ScoredBy.PERSOON: "zelf", ScoredBy.OUDER: "door ouder", ScoredBy.KIND: "door kind",
      ScoredBy.PROFESSIONAL: "door professional"}


@dataclass(frozen=True)
class Series:
    label: str
    color: QColor
    dashed: bool
    points: tuple[tuple[date, int], ...]


def build_series(data: ScaleData) -> list[Series]:
    """One series per (person, scored by), in the order the household lists its persons."""
    names = {pid: name.split(" ")[0] for pid, name in data.persons}
    order = {pid: i for i, (pid, _n) in enumerate(data.persons)}
    keys = sorted({(s.person_id, s.scored_by) for s in data.scores},
                  key=lambda k: (order.get(k[0], 99), list(ScoredBy).index(k[1])))
    out = []
    for i, (pid, by) in enumerate(keys):
        points = tuple((s.scored_on, s.score) for s in data.scores
                       if s.person_id == pid and s.scored_by is by)
        out.append(Series(f"{names.get(pid, '?')} ({BY[by]})",
                          QColor(PALETTE[i % len(PALETTE)]), by is ScoredBy.PROFESSIONAL,
                          tuple(sorted(points))))
    return out


class SafetyScaleChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ScaleData | None = None
        self.series: list[Series] = []
        self.setAccessibleName("Veiligheidsschaal in de tijd")
        self.setToolTip("Veiligheidsschaal: 0 is helemaal niet veilig, 10 is helemaal veilig")
        self.setMinimumSize(640, 380)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(1000, 560)

    def set_data(self, data: ScaleData) -> None:
        self.data = data
        self.series = build_series(data)
        self.update()

    def span(self) -> tuple[date, date] | None:
        days = [d for s in self.series for d, _v in s.points]
        if not days:
            return None
        first, last = min(days), max(days)
        pad = max(7, (last - first).days // 20)
        return first - timedelta(days=pad), last + timedelta(days=pad)

    def markers(self) -> list[tuple[date, str, QColor]]:
        span = self.span()
        if self.data is None or span is None:
            return []
        found = [(d, label, INCIDENT) for d, label in self.data.incidents]
        found += [(d, label, PHASE) for d, label in self.data.phases]
        return sorted(m for m in found if span[0] <= m[0] <= span[1])

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        base = QFont(self.font())
        base.setPointSizeF(max(11.0, base.pointSizeF() * 1.15))
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.35)
        title.setBold(True)
        p.setFont(title)
        p.setPen(QColor(colors.INK))
        p.drawText(QRectF(16, 8, self.width() - 32, 34), Qt.AlignmentFlag.AlignLeft,
                   "Veiligheidsschaal: hoe veilig voelt het?")
        span = self.span()
        p.setFont(base)
        if span is None:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       "Nog geen scores. Kies 'Score toevoegen…'.")
            p.end()
            return
        legend_h = self._legend(p, base)
        plot = QRectF(70, 50 + legend_h, self.width() - 100, self.height() - 110 - legend_h)
        self._axes(p, plot, span, base)
        self._markers(p, plot, span, base)
        for series in self.series:
            self._line(p, plot, span, series)
        p.end()

    # -- parts --------------------------------------------------------------------------------
    def _x(self, plot: QRectF, span: tuple[date, date], day: date) -> float:
        total = max(1, (span[1] - span[0]).days)
        return plot.left() + plot.width() * (day - span[0]).days / total

    @staticmethod
    def _y(plot: QRectF, score: float) -> float:
        return plot.bottom() - plot.height() * score / 10

    def _legend(self, p: QPainter, font: QFont) -> float:
        x, y, row_h = 70.0, 46.0, p.fontMetrics().height() + 8
        for series in self.series:
            width = p.fontMetrics().horizontalAdvance(series.label) + 48
            if x + width > self.width() - 20:
                x, y = 70.0, y + row_h
            pen = QPen(series.color, 4)
            pen.setStyle(Qt.PenStyle.DashLine if series.dashed else Qt.PenStyle.SolidLine)
            p.setPen(pen)
            p.drawLine(QPointF(x, y + row_h / 2), QPointF(x + 26, y + row_h / 2))
            p.setPen(QColor(colors.INK))
            p.drawText(QRectF(x + 32, y, width, row_h), Qt.AlignmentFlag.AlignVCenter,
                       series.label)
            x += width + 12
        extra = [("Incident", INCIDENT), ("Nieuwe fase", PHASE)]
        for label, color in extra:
            width = p.fontMetrics().horizontalAdvance(label) + 40
            if x + width > self.width() - 20:
                x, y = 70.0, y + row_h
            pen = QPen(color, 2, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(x + 10, y + 3), QPointF(x + 10, y + row_h - 3))
            p.setPen(QColor(colors.INK))
            p.drawText(QRectF(x + 20, y, width, row_h), Qt.AlignmentFlag.AlignVCenter, label)
            x += width + 12
        return y + row_h - 46 + 8

    def _axes(self, p: QPainter, plot: QRectF, span: tuple[date, date], font: QFont) -> None:
        grid = QPen(QColor(colors.CHART_GRID), 1)
        for score in range(0, 11):
            y = self._y(plot, score)
            p.setPen(grid)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if score % 2 == 0:
                p.setPen(QColor(colors.INK))
                p.drawText(QRectF(plot.left() - 44, y - 12, 36, 24),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                           str(score))
        p.setPen(QPen(QColor(colors.CHART_AXIS), 1.5))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())
        months = (span[1].year - span[0].year) * 12 + span[1].month - span[0].month + 1
        step = max(1, months // 10 + (1 if months > 10 else 0))
        day = date(span[0].year, span[0].month, 1)
        index, first = 0, True
        while day <= span[1]:
            if day >= span[0] and index % step == 0:
                x = self._x(plot, span, day)
                p.setPen(QPen(QColor(colors.CHART_AXIS), 1))
                p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 5))
                label = MONTHS[day.month - 1] + (f" {day.year}" if day.month == 1 or first
                                                 else "")
                first = False
                p.setPen(QColor(colors.INK))
                p.drawText(QRectF(x - 50, plot.bottom() + 6, 100, 24),
                           Qt.AlignmentFlag.AlignHCenter, label)
            index += 1
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        p.setFont(small)
        p.setPen(QColor(colors.CHART_AXIS))
        p.drawText(QRectF(plot.left(), plot.bottom() + 30, plot.width(), 22),
                   Qt.AlignmentFlag.AlignLeft,
                   "0 = helemaal niet veilig     10 = helemaal veilig")
        p.setFont(font)

    def _markers(self, p: QPainter, plot: QRectF, span: tuple[date, date], font: QFont) -> None:
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.8)
        p.setFont(small)
        for day, label, color in self.markers():
            x = self._x(plot, span, day)
            p.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            # The label runs up along the line, so markers close together stay readable.
            p.save()
            p.translate(x - 4, plot.top() + 4)
            p.rotate(90)
            width = p.fontMetrics().horizontalAdvance(label) + 6
            height = p.fontMetrics().height()
            # A pale band behind the label keeps it readable where it crosses a line.
            p.fillRect(QRectF(-2, 0, width, height), QColor(255, 255, 255, 215))
            p.setPen(color)
            p.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignLeft, label)
            p.restore()
        p.setFont(font)

    def _line(self, p: QPainter, plot: QRectF, span: tuple[date, date], s: Series) -> None:
        pen = QPen(s.color, 4)
        pen.setStyle(Qt.PenStyle.DashLine if s.dashed else Qt.PenStyle.SolidLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        points = [QPointF(self._x(plot, span, d), self._y(plot, v)) for d, v in s.points]
        p.setPen(pen)
        for a, b in zip(points, points[1:], strict=False):
            p.drawLine(a, b)
        p.setPen(QPen(QColor("white"), 2))
        p.setBrush(s.color)
        for point in points:
            p.drawEllipse(point, 7, 7)
        p.setBrush(Qt.BrushStyle.NoBrush)
