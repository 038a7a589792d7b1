"""The veiligheidsschaal over time, drawn with QPainter: the picture a consultant shows the family.

One line per person and who gave the score (a mother's own score and the professional's score of
her are different lines), scores 0-10 upwards, time to the right, incidents (red) and phase changes
(blue) as labelled vertical markers. Large letters, Dutch labels, a legend; no chart library.

The markers' labels sit in a band above the plot, in as many rows as they need not to overlap
each other, so they never cover a score (``chart_geometry()`` is what the tests check)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...domain.safety_scale import ScoredBy
from ...services.checklists import ScaleData
from ..widgets import colors

MONTHS = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()
PALETTE = colors.CHART_SERIES  # lines on white, each ≥ 3:1 (tests/ui/test_contrast.py)
INCIDENT = QColor(colors.CHART_INCIDENT)
PHASE = QColor(colors.CHART_PHASE)
POINT_RADIUS = 7
LABEL_GAP = 8  # between two labels in one row, and between the band and the highest point
LABEL_SHARE = 0.4  # of the height under the legend, at most, for rows of marker labels
BY = {ScoredBy.PERSOON: "zelf", ScoredBy.OUDER: "door ouder", ScoredBy.KIND: "door kind",
      ScoredBy.PROFESSIONAL: "door professional"}


@dataclass(frozen=True)
class Series:
    label: str
    color: QColor
    dashed: bool
    points: tuple[tuple[date, int], ...]


@dataclass(frozen=True)
class MarkerLabel:
    day: date
    text: str
    color: QColor
    x: float      # where the marker line is
    rect: QRectF  # where its label is drawn


@dataclass(frozen=True)
class ChartGeometry:
    """Where everything goes for one size and font: the plot, the marker labels, the points."""

    plot: QRectF
    labels: tuple[MarkerLabel, ...]
    lines: tuple[tuple[float, QColor], ...]  # every marker's line: x and colour
    points: tuple[tuple[Series, tuple[QPointF, ...]], ...]


def stack_labels(spans: list[tuple[float, float]], gap: float) -> list[int]:
    """The row of each label (``spans`` are left/right edges, in marker order): the first row
    where it does not touch the label before it."""
    ends: list[float] = []
    rows = []
    for left, right in spans:
        row = next((i for i, end in enumerate(ends) if end + gap <= left), len(ends))
        if row == len(ends):
            ends.append(right)
        else:
            ends[row] = right
        rows.append(row)
    return rows


def short_label(text: str) -> str:
    """'Incident (ernstig)' → 'ernstig'; 'Stabiele veiligheid' → 'Stabiele'."""
    if "(" in text and text.endswith(")"):
        return text[text.index("(") + 1:-1]
    return text.split(" ")[0]


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

    # -- layout -------------------------------------------------------------------------------
    def fonts(self) -> tuple[QFont, QFont, QFont]:
        """Base, title and marker-label fonts (large: the family reads along)."""
        base = QFont(self.font())
        base.setPointSizeF(max(11.0, base.pointSizeF() * 1.15))
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.35)
        title.setBold(True)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.85)
        return base, title, small

    def geometry_for(self, width: float, height: float) -> ChartGeometry | None:
        span = self.span()
        if span is None:
            return None
        base, _title, small = self.fonts()
        legend_bottom = 46 + self._legend_rows(QFontMetricsF(base), width)
        left, right = 70.0, width - 30
        fm = QFontMetricsF(small)
        row_h = fm.height() + 4
        markers = self.markers()
        plot_x = QRectF(left, 0, right - left, 1)
        xs = [self._x(plot_x, span, day) for day, _t, _c in markers]
        lines = tuple((x, color) for x, (_d, _t, color) in zip(xs, markers, strict=True))

        def place(texts: list[str]) -> tuple[list[tuple[float, float]], list[int]]:
            spans = []
            for x, text in zip(xs, texts, strict=True):
                w = fm.horizontalAdvance(text) + 8
                x0 = min(max(x - w / 2, left - 40), width - 8 - w)  # centred on its line
                spans.append((x0, x0 + w))
            return spans, stack_labels(spans, LABEL_GAP)

        # As many rows of labels as leave the scores most of the height (at least two).
        room = height - 60 - legend_bottom - POINT_RADIUS - LABEL_GAP
        max_rows = max(2, int(room * LABEL_SHARE / row_h))
        texts = [text for _d, text, _c in markers]
        spans, rows = place(texts)
        if rows and max(rows) >= max_rows:  # crowded: the short words (colour and legend
            texts = [short_label(t) for t in texts]  # still say incident or phase)
            spans, rows = place(texts)
        # Still more rows than fit: those markers keep their line, without a label, so the
        # scores keep their room (the Tijdlijn lists every incident and phase change).
        kept = [i for i, row in enumerate(rows) if row < max_rows]
        markers = [(markers[i][0], texts[i], markers[i][2]) for i in kept]
        xs, spans, rows = [xs[i] for i in kept], [spans[i] for i in kept], [rows[i] for i in kept]
        band = (max(rows) + 1) * row_h if rows else 0.0
        top = legend_bottom + band + POINT_RADIUS + LABEL_GAP
        plot = QRectF(left, top, right - left, max(60.0, height - 60 - top))
        labels = tuple(
            MarkerLabel(day, text, color, x,
                        QRectF(x0, legend_bottom + (band - (row + 1) * row_h), x1 - x0, row_h))
            for (day, text, color), x, (x0, x1), row in zip(markers, xs, spans, rows,
                                                            strict=True))
        points = tuple((series, tuple(QPointF(self._x(plot, span, d), self._y(plot, v))
                                      for d, v in series.points)) for series in self.series)
        return ChartGeometry(plot, labels, lines, points)

    def chart_geometry(self) -> ChartGeometry | None:
        return self.geometry_for(self.width(), self.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        base, title, small = self.fonts()
        p.setFont(title)
        p.setPen(QColor(colors.INK))
        p.drawText(QRectF(16, 8, self.width() - 32, 34), Qt.AlignmentFlag.AlignLeft,
                   "Veiligheidsschaal: hoe veilig voelt het?")
        span, shape = self.span(), self.chart_geometry()
        p.setFont(base)
        if span is None or shape is None:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       "Nog geen scores. Kies 'Score toevoegen…'.")
            p.end()
            return
        self._legend(p)
        self._axes(p, shape.plot, span, base)
        self._markers(p, shape, small)
        for series, points in shape.points:
            self._line(p, series, points)
        p.end()

    # -- parts --------------------------------------------------------------------------------
    def _x(self, plot: QRectF, span: tuple[date, date], day: date) -> float:
        total = max(1, (span[1] - span[0]).days)
        return plot.left() + plot.width() * (day - span[0]).days / total

    @staticmethod
    def _y(plot: QRectF, score: float) -> float:
        return plot.bottom() - plot.height() * score / 10

    def _legend_items(self, fm: QFontMetricsF,
                      width: float) -> list[tuple[QRectF, str, QColor, bool | None]]:
        """(place, text, colour, dashed line; None for a marker) of every legend entry."""
        x, y, row_h = 70.0, 46.0, fm.height() + 8
        entries: list[tuple[str, QColor, bool | None, float]] = [
            (s.label, s.color, s.dashed, 48) for s in self.series]
        entries += [("Incident", INCIDENT, None, 40), ("Nieuwe fase", PHASE, None, 40)]
        out = []
        for text, color, dashed, room in entries:
            w = fm.horizontalAdvance(text) + room
            if x + w > width - 20:
                x, y = 70.0, y + row_h
            out.append((QRectF(x, y, w, row_h), text, color, dashed))
            x += w + 12
        return out

    def _legend_rows(self, fm: QFontMetricsF, width: float) -> float:
        items = self._legend_items(fm, width)
        return (items[-1][0].bottom() - 46 + 8) if items else 0.0

    def _legend(self, p: QPainter) -> None:
        for rect, text, color, dashed in self._legend_items(QFontMetricsF(p.font()),
                                                            self.width()):
            x, y, row_h = rect.left(), rect.top(), rect.height()
            if dashed is None:  # a marker: a short vertical dashed line
                p.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(x + 10, y + 3), QPointF(x + 10, y + row_h - 3))
                text_x = x + 20
            else:
                pen = QPen(color, 4)
                pen.setStyle(Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
                p.setPen(pen)
                p.drawLine(QPointF(x, y + row_h / 2), QPointF(x + 26, y + row_h / 2))
                text_x = x + 32
            p.setPen(QColor(colors.INK))
            p.drawText(QRectF(text_x, y, rect.width(), row_h), Qt.AlignmentFlag.AlignVCenter,
                       text)

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

    def _markers(self, p: QPainter, shape: ChartGeometry, small: QFont) -> None:
        plot = shape.plot
        for x, color in shape.lines:  # the lines first: a label sits on top of a line it meets
            p.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, plot.top() - POINT_RADIUS), QPointF(x, plot.bottom()))
        for label in shape.labels:
            p.setPen(QPen(label.color, 2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(label.x, label.rect.bottom()),
                       QPointF(label.x, plot.top() - POINT_RADIUS))
        p.setFont(small)
        for label in shape.labels:
            p.fillRect(label.rect, QColor("white"))
            p.setPen(QPen(label.color, 1))
            p.drawRect(label.rect)
            p.drawText(label.rect, Qt.AlignmentFlag.AlignCenter, label.text)

    @staticmethod
    def _line(p: QPainter, s: Series, points: tuple[QPointF, ...]) -> None:
        pen = QPen(s.color, 4)
        pen.setStyle(Qt.PenStyle.DashLine if s.dashed else Qt.PenStyle.SolidLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        for a, b in zip(points, points[1:], strict=False):
            p.drawLine(a, b)
        p.setPen(QPen(QColor("white"), 2))
        p.setBrush(s.color)
        for point in points:
            p.drawEllipse(point, POINT_RADIUS, POINT_RADIUS)
        p.setBrush(Qt.BrushStyle.NoBrush)
