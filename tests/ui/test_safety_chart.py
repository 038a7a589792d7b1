"""The veiligheidsschaal chart: the labels of incidents and phase changes never cover a score,
nor each other, at the sizes the chart is shown in — also when markers crowd together."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor

from wijkteam_desk.domain.safety_scale import SafetyScore, ScoredBy
from wijkteam_desk.services.checklists import ScaleData
from wijkteam_desk.ui.household.safety_chart import (
    POINT_RADIUS,
    SafetyScaleChart,
    short_label,
    stack_labels,
)

START = date(2025, 8, 1)


def scale(markers: int, seed: int) -> ScaleData:
    """Scores every two weeks for three people, many at 10 and 0 (the plot's edges), and
    ``markers`` incidents and phase changes, some on the same day and close together."""
    rng = random.Random(seed)
    persons = ((1, "Lena Stook"), (2, "Alyssa Stook"), (3, "Kiki Stook"))
    scores = []
    for n in range(30):
        for pid, by in ((1, ScoredBy.PERSOON), (1, ScoredBy.PROFESSIONAL), (2, ScoredBy.KIND),
                        (3, ScoredBy.KIND)):
            value = rng.choice((0, 10, rng.randint(0, 10)))
            scores.append(SafetyScore(len(scores) + 1, 1, pid, START + timedelta(days=14 * n),
                                      value, by))
    days = [START + timedelta(days=rng.randint(0, 420)) for _ in range(markers)]
    days[1:3] = [days[0], days[0] + timedelta(days=3)]  # the same day, and three days later
    incidents = tuple((d, f"Incident ({rng.choice(('licht', 'ernstig', 'zeer ernstig'))})")
                      for d in days[::2])
    phases = tuple((d, rng.choice(("Stabiele veiligheid", "Duurzame veiligheid / herstel",
                                   "Nazorg"))) for d in days[1::2])
    return ScaleData(persons, tuple(scores), incidents, phases)


def _point_box(point: QPointF) -> QRectF:
    r = POINT_RADIUS + 1  # the white rim
    return QRectF(point.x() - r, point.y() - r, 2 * r, 2 * r)


@pytest.mark.parametrize("size", [(640, 380), (1000, 560), (1180, 520), (1366, 700)])
@pytest.mark.parametrize(("markers", "seed"), [(2, 1), (6, 2), (12, 3), (24, 4)])
def test_marker_labels_never_cover_a_score_or_each_other(qtbot, size, markers, seed) -> None:  # type: ignore[no-untyped-def]
    chart = SafetyScaleChart()
    qtbot.addWidget(chart)
    chart.resize(*size)
    chart.set_data(scale(markers, seed))
    shape = chart.chart_geometry()
    assert shape is not None
    assert len(shape.lines) == len(chart.markers()) > 0
    if markers <= 6 or (markers <= 12 and size[1] >= 520):  # a busy year: all labelled
        assert len(shape.labels) == len(chart.markers())
    boxes = [_point_box(p) for _s, points in shape.points for p in points]
    assert boxes and all(shape.plot.adjusted(-8, -8, 8, 8).contains(b.center()) for b in boxes)
    for label in shape.labels:
        assert not any(label.rect.intersects(b) for b in boxes), label.text
        assert not label.rect.intersects(shape.plot)  # above the plot, never in it
        assert 0 <= label.rect.left() and label.rect.right() <= size[0], label.text
        assert label.rect.top() >= 46  # below the title
        assert shape.plot.left() <= label.x <= shape.plot.right()
    for i, a in enumerate(shape.labels):
        for b in shape.labels[i + 1:]:
            assert not a.rect.intersects(b.rect), (a.text, b.text)
    assert shape.plot.height() >= 100  # room left for the scores themselves


def test_what_is_drawn_inside_a_label_is_only_the_label(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Rendered: no line or point of a series runs through a label box."""
    chart = SafetyScaleChart()
    qtbot.addWidget(chart)
    chart.resize(1000, 560)
    chart.set_data(scale(8, 5))
    image = chart.grab().toImage()
    shape = chart.chart_geometry()
    assert shape is not None
    series_colours = {s.color.rgb() for s in chart.series}
    for label in shape.labels:
        inside = label.rect.adjusted(2, 2, -2, -2).toRect()
        found = {image.pixelColor(x, y).rgb() for x in range(inside.left(), inside.right())
                 for y in range(inside.top(), inside.bottom())}
        assert not found & series_colours, label.text
        assert QColor("white").rgb() in found


def test_labels_in_a_row_keep_their_distance() -> None:
    assert stack_labels([(0, 50), (40, 90), (60, 100), (100, 150)], 8) == [0, 1, 0, 1]
    assert stack_labels([(0, 50), (0, 50), (0, 50)], 8) == [0, 1, 2]
    assert short_label("Incident (zeer ernstig)") == "zeer ernstig"
    assert short_label("Duurzame veiligheid / herstel") == "Duurzame"
