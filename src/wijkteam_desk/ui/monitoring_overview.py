"""Monitoring figures of the team (DOMAIN.md rule 12, 002:556): for a chosen period, the share
of victims durably safe within a year after interventions started (target 65%), moments done on
time or late, re-opened cases and re-reports; a bar chart per month with the 65% line, and an
anonymous CSV export (rule 11: counts or pseudonymous codes only)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.monitoring import TARGET_SHARE, PeriodFigures
from ..domain.schedule import add_months
from ..services.monitoring import CSV_BY_MOMENT, CSV_BY_MONTH
from .context import AppContext
from .widgets import colors
from .widgets.dates import DateField
from .widgets.fields import combo

MONTHS = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()
BAR = QColor(colors.BAR)
TARGET = QColor(colors.TARGET)


class ShareChart(QWidget):
    """Bars: per month, the share of victims durably safe at the end of their first year; a
    red line at the 65% target. Months without victims get no bar (not a zero)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[PeriodFigures] = []
        self.setMinimumHeight(220)
        self.setAccessibleName(self.tr("Grafiek duurzaam veilig per maand"))

    def set_months(self, months: Sequence[PeriodFigures]) -> None:
        self.months = list(months)
        self.setToolTip("\n".join(
            f"{MONTHS[f.start.month - 1]} {f.start.year}: "
            + (f"{f.victims_durably_safe} van {f.victims}" if f.victims else "geen")
            for f in self.months))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, top, bottom = 44.0, 24.0, 36.0
        area = QRectF(left, top, self.width() - left - 12, self.height() - top - bottom)
        p.fillRect(self.rect(), self.palette().base())
        p.setPen(QPen(self.palette().mid().color(), 1))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        p.setFont(small)
        for pct in (0, 25, 50, 75, 100):
            y = area.bottom() - area.height() * pct / 100
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.drawText(QRectF(0, y - 8, left - 6, 16),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"{pct}%")
        n = max(1, len(self.months))
        slot = area.width() / n
        for i, f in enumerate(self.months):
            x = area.left() + i * slot
            share = f.share_durably_safe
            if share is not None:  # a measured 0% still gets a sliver and its count
                h = max(2.0, area.height() * share)
                p.fillRect(QRectF(x + slot * 0.2, area.bottom() - h, slot * 0.6, h), BAR)
                p.setPen(self.palette().text().color())
                p.drawText(QRectF(x, area.bottom() - h - 16, slot, 14),
                           int(Qt.AlignmentFlag.AlignHCenter),
                           f"{f.victims_durably_safe}/{f.victims}")
            label = MONTHS[f.start.month - 1]
            if f.start.month == 1 or i == 0:
                label += f" '{f.start.year % 100:02d}"
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(x, area.bottom() + 4, slot, 16),
                       int(Qt.AlignmentFlag.AlignHCenter), label)
        y = area.bottom() - area.height() * TARGET_SHARE
        p.setPen(QPen(TARGET, 2, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        label = QRectF(area.left() + 4, y - 18, 70, 15)
        p.fillRect(label, self.palette().base())
        p.drawText(label, int(Qt.AlignmentFlag.AlignCenter), self.tr("doel 65%"))
        p.end()


def _choose_csv(parent: QWidget, suggestion: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, parent.tr("Anonieme export opslaan"),
                                          suggestion, parent.tr("CSV-bestand (*.csv)"))
    return path


class MonitoringOverviewDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 choose_file: Callable[[QWidget, str], str] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._choose = choose_file or _choose_csv
        self.setWindowTitle(self.tr("Monitoring en cijfers"))
        self.setAccessibleName(self.tr("Monitoring en cijfers"))
        self.resize(820, 600)
        today = ctx.workspace.clock.today()
        first = add_months(today.replace(day=1), -11)
        self.start = DateField(first, parent=self)
        self.start.setAccessibleName(self.tr("Periode vanaf"))
        self.end = DateField(today, parent=self)
        self.end.setAccessibleName(self.tr("Periode tot en met"))
        for field in (self.start, self.end):
            field.changed.connect(self.refresh)
        period = QHBoxLayout()
        for label, field in ((self.tr("&Van:"), self.start), (self.tr("&Tot en met:"), self.end)):
            lab = QLabel(label, self)
            lab.setBuddy(field)
            period.addWidget(lab)
            period.addWidget(field)
        period.addStretch(1)

        self.headline = QLabel(self)
        font = self.headline.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setAccessibleName(self.tr("Duurzaam veilig"))
        self.headline.setWordWrap(True)
        self.values: dict[str, QLabel] = {}
        grid = QFormLayout()
        for key, label in (("victims", self.tr("Slachtoffers na één jaar:")),
                           ("on_time", self.tr("Momenten op tijd gedaan:")),
                           ("late", self.tr("Momenten te laat gedaan:")),
                           ("overdue", self.tr("Momenten nog niet gedaan (te laat):")),
                           ("reopened", self.tr("Gezinnen heropend:")),
                           ("rereports", self.tr("Nieuwe meldingen na 'veilig':"))):
            value = QLabel(self)
            value.setAccessibleName(label.rstrip(":"))
            grid.addRow(label, value)
            self.values[key] = value
        self.chart = ShareChart(self)
        note = QLabel(self.tr("Duurzaam veilig: bij het laatste monitoringmoment binnen een "
                              "jaar na de start van de hulp (overdracht of opening) is "
                              "'duurzaam veilig' ja ingevuld. Doel van de regio: 65%."), self)
        note.setWordWrap(True)

        self.export_kind = combo(self, [(self.tr("Aantallen per maand"), CSV_BY_MONTH),
                                        (self.tr("Per moment, met schuilnaam"), CSV_BY_MOMENT)])
        self.export_kind.setAccessibleName(self.tr("Soort export"))
        self.export_button = QPushButton(self.tr("Anoniem &exporteren…"), self)
        self.export_button.setToolTip(self.tr("CSV zonder namen, geboortedata, adressen, "
                                              "telefoonnummers of notities"))
        self.export_button.clicked.connect(self.export)
        self.message = QLabel(self)
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_kind)
        export_row.addWidget(self.export_button)
        export_row.addWidget(self.message, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Sluiten"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(self.headline)
        layout.addLayout(grid)
        layout.addWidget(self.chart, 1)
        layout.addWidget(note)
        layout.addLayout(export_row)
        layout.addWidget(buttons)
        self.figures: PeriodFigures | None = None
        self.refresh()

    def period(self) -> tuple[date, date]:
        # Live figures: while a field holds no valid date (its message says why), keep the
        # period as it was instead of raising in a slot.
        start = self.start.valid_value() or date.min
        end = self.end.valid_value() or start
        return (start, end) if start <= end else (end, start)

    def refresh(self) -> None:
        if self.ctx.workspace is None:
            return
        start, end = self.period()
        result = self.ctx.attempt(self, lambda: self.ctx.workspace.monitoring.figures(start, end))
        if result is None:
            return
        total, months = result
        self.figures = total
        share = total.share_durably_safe
        if share is None:
            self.headline.setText(self.tr("Nog geen slachtoffers van wie het eerste jaar in "
                                          "deze periode om is."))
        else:
            verdict = self.tr("boven het doel") if share >= TARGET_SHARE else \
                self.tr("onder het doel van 65%")
            self.headline.setText(self.tr("{pct}% duurzaam veilig binnen een jaar ({verdict})")
                                  .format(pct=round(share * 100), verdict=verdict))
        v = self.values
        v["victims"].setText(self.tr("{n}, van wie {s} duurzaam veilig ({u} zonder "
                                     "monitoringmoment in dat jaar)").format(
            n=total.victims, s=total.victims_durably_safe, u=total.victims_unmeasured))
        v["on_time"].setText(str(total.moments_on_time))
        v["late"].setText(str(total.moments_late))
        v["overdue"].setText(str(total.moments_overdue))
        v["reopened"].setText(str(total.reopened))
        v["rereports"].setText(str(total.rereports))
        self.chart.set_months(months)

    def export(self) -> Path | None:
        start, end = self.period()
        kind = self.export_kind.currentData()
        suggestion = str(Path.home() / f"monitoring-{start:%Y%m}-{end:%Y%m}.csv")
        chosen = self._choose(self, suggestion)
        if not chosen:
            return None
        text = self.ctx.attempt(self, lambda: self.ctx.workspace.monitoring.export_csv(
            start, end, kind))
        if text is None:
            return None
        path = Path(chosen)
        try:
            path.write_text(text, "utf-8")
        except OSError:
            self.message.setText(self.tr("Opslaan is niet gelukt. Kies een andere map."))
            return None
        self.message.setText(self.tr("Opgeslagen: {name}").format(name=path.name))
        return path

