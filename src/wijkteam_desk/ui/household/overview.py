"""Overzicht: "één gezin, één plan, één regisseur" on one screen, with what is wrong and due.
In huisbezoekmodus it shows no roles, signals, closing date or the professional's next action
(``home_visit``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Certainty, HouseholdStatus, Phase, PlanStatus
from ...services.cases import FileView
from ...texts import PHASES, ROLES, warning_text
from .. import home_visit
from ..models.household import sorted_roles
from ..widgets import colors
from ..widgets.dates import DateField, fmt_date
from ..widgets.forms import run_dialog
from .common import FileHost, days_phrase, esc
from .dialogs import CloseDialog, PhaseDialog, RegisseurDialog, ReopenDialog


def _red() -> str:  # palette-aware (tests/ui/test_contrast.py): light red on a dark theme
    return colors.css_on_window(colors.DANGER)


def _grey() -> str:
    return colors.css_on_window(colors.MUTED)


def _box(title: str, parent: QWidget) -> tuple[QGroupBox, QLabel]:
    box = QGroupBox(title, parent)
    label = QLabel(box)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(title)
    layout = QVBoxLayout(box)
    layout.addWidget(label)
    return box, label


class OverviewTab(QWidget):
    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.phase_button = QPushButton(self.tr("&Fase wijzigen…"), self)
        self.phase_button.setToolTip(self.tr("Naar een andere fase, met datum en reden"))
        self.assign_button = QPushButton(self.tr("Regisseur toewij&zen…"), self)
        self.assign_button.setToolTip(self.tr("Eén gezin, één regisseur"))
        self.change_button = QPushButton(self.tr("Regisseur &wisselen…"), self)
        self.change_button.setToolTip(self.tr("De regie gaat naar een ander, met reden"))
        self.close_button = QPushButton(self.tr("Gezin af&sluiten…"), self)
        self.reopen_button = QPushButton(self.tr("Her&openen…"), self)
        for b in (self.phase_button, self.assign_button, self.change_button, self.close_button,
                  self.reopen_button):
            bar.addWidget(b)
        bar.addStretch(1)
        outer.addLayout(bar)
        # The next action, with an optional date and who: with a date it is on Vandaag.
        action_bar = QHBoxLayout()
        action_bar.addWidget(QLabel(self.tr("Volgende actie:"), self))
        self.next_action = QLineEdit(self)
        self.next_action.setAccessibleName(self.tr("Volgende actie"))
        self.next_action.setToolTip(self.tr("Staat ook op het dashboard. Enter bewaart."))
        self.next_action.returnPressed.connect(self.save_next_action)
        action_bar.addWidget(self.next_action, 1)
        when = QLabel(self.tr("&Datum:"), self)
        self.next_action_on = DateField(None, optional=True, parent=self)
        self.next_action_on.setAccessibleName(self.tr("Datum van de volgende actie"))
        self.next_action_on.setToolTip(self.tr("Met een datum staat de actie op Vandaag"))
        when.setBuddy(self.next_action_on)
        who = QLabel(self.tr("W&ie:"), self)
        self.next_action_by = QLineEdit(self)
        self.next_action_by.setAccessibleName(self.tr("Wie doet de volgende actie"))
        self.next_action_by.setMaxLength(200)
        self.next_action_by.returnPressed.connect(self.save_next_action)
        who.setBuddy(self.next_action_by)
        save = QPushButton(self.tr("Bewaren"), self)
        save.setToolTip(self.tr("Volgende actie bewaren"))
        save.clicked.connect(self.save_next_action)
        self.save_button = save
        for widget in (when, self.next_action_on, who):
            action_bar.addWidget(widget)
        action_bar.addWidget(self.next_action_by)
        action_bar.addWidget(save)
        outer.addLayout(action_bar)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(scroll)
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        self.regisseur_box, self.regisseur_label = _box(self.tr("Eén regisseur"), body)
        self.warnings_box, self.warnings_label = _box(self.tr("Signalen"), body)
        self.due_box, self.due_label = _box(self.tr("Wat moet er gebeuren"), body)
        self.closing_label = QLabel(self.due_box)
        self.closing_label.setWordWrap(True)
        self.closing_label.setAccessibleName(self.tr("Vroegste einddatum"))
        self.due_box.layout().addWidget(self.closing_label)
        self.phase_box, self.phase_label = _box(self.tr("Fase"), body)
        self.members_box, self.members_label = _box(self.tr("Gezinsleden"), body)
        self.pros_box, self.pros_label = _box(self.tr("Betrokken hulpverleners"), body)
        self.plan_box, self.plan_label = _box(self.tr("Eén plan"), body)
        columns = ((self.regisseur_box, self.warnings_box, self.due_box),
                   (self.phase_box, self.members_box, self.pros_box), (self.plan_box,))
        for c, boxes in enumerate(columns):
            col = QVBoxLayout()
            for b in boxes:
                col.addWidget(b)
            col.addStretch(1)
            grid.addLayout(col, 0, c)
            grid.setColumnStretch(c, 1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.phase_button.clicked.connect(self.change_phase)
        self.assign_button.clicked.connect(lambda: self.regisseur(change=False))
        self.change_button.clicked.connect(lambda: self.regisseur(change=True))
        self.close_button.clicked.connect(self.close_household)
        self.reopen_button.clicked.connect(self.reopen)

    # -- actions --------------------------------------------------------------------------------
    def change_phase(self) -> None:
        if self.host.view:
            run_dialog(PhaseDialog(self.host.ctx, self.host.view, self))

    def regisseur(self, change: bool) -> None:
        if self.host.view:
            run_dialog(RegisseurDialog(self.host.ctx, self.host.view, change, self))

    def close_household(self) -> None:
        if self.host.view:
            run_dialog(CloseDialog(self.host.ctx, self.host.view, self))

    def reopen(self) -> None:
        if self.host.view:
            run_dialog(ReopenDialog(self.host.ctx, self.host.view, self))

    def save_next_action(self) -> None:
        ctx, hid = self.host.ctx, self.host.household_id
        if ctx.hides("household.next_action"):
            return  # the field shows a mask (and is read-only, saying why): never save that
        if ctx.attempt(self, lambda: ctx.workspace.cases.set_next_action(
                hid, self.next_action.text(), self.next_action_on.value(),
                self.next_action_by.text()) or True):
            ctx.changed("household", hid)

    # -- showing --------------------------------------------------------------------------------
    def set_view(self, view: FileView, today: date, privacy: bool) -> None:
        file, h = view.file, view.file.household
        closed = h.status is HouseholdStatus.GESLOTEN
        ctx = self.host.ctx
        self.close_button.setVisible(not closed)
        self.reopen_button.setVisible(closed)
        # Closing shows the earliest closing date, one year after the last incident.
        home_visit.guard_action(self.close_button, ctx.hides("household.earliest_closing"))
        self.phase_button.setEnabled(not closed)
        self.assign_button.setEnabled(not closed)
        self.change_button.setEnabled(not closed and bool(file.active_regisseurs(today)))
        hide_next = ctx.hides("household.next_action")  # its text, date and who alike
        if not self.next_action.hasFocus() or hide_next:
            self.next_action.setText(ctx.shown("household.next_action", h.next_action))
            self.next_action_on.set_value(h.next_action_on)
            self.next_action_by.setText(ctx.shown("household.next_action", h.next_action_by))
        home_visit.guard_field(self.next_action, hide_next)
        home_visit.guard_field(self.next_action_by, hide_next)
        self.next_action_on.setEnabled(not hide_next)
        home_visit.guard_action(self.save_button, hide_next)

        def mask(text: str) -> str:
            return ctx.shown("phase.reason", text)

        self.regisseur_label.setText(self._regisseur_html(view, today))
        self.warnings_label.setText(self._warnings_html(view))
        self.due_label.setText(self._due_html(view, today))
        self.closing_label.setVisible(not ctx.hides("household.earliest_closing"))
        if view.earliest_closing:
            last = max(i.occurred_on for i in file.incidents)
            self.closing_label.setText(self.tr(
                "Vroegste einddatum: {d} ({rel}), een jaar na het laatste incident ({last})."
            ).format(d=fmt_date(view.earliest_closing),
                     rel=days_phrase(view.earliest_closing, today), last=fmt_date(last)))
        else:
            self.closing_label.setText(self.tr(
                "Nog geen incident vastgelegd, dus nog geen vroegste einddatum."))
        self.phase_label.setText(self._phase_html(view, mask))
        self.members_label.setText(self._members_html(view))
        self.pros_label.setText(self._pros_html(
            view, today, lambda text: ctx.shown("involvement.end_reason", text)))
        self.plan_label.setText(self._plan_html(view))

    def _regisseur_html(self, view: FileView, today: date) -> str:
        file = view.file
        active = file.active_regisseurs(today)
        lines = []
        if not active:
            lines.append(f"<b style='color:{_red()}'>{esc(self.tr('Geen regisseur'))}</b>")
        for inv in active:
            pro = file.professional(inv.professional_id)
            name = esc(pro.name) if pro else "?"
            org = esc(pro.organisation) if pro else ""
            lines.append(f"<span style='font-size:large'><b>{name}</b></span><br>{org}"
                         f"<br>{esc(self.tr('sinds'))} {fmt_date(inv.start)}")
        if len(active) > 1:
            lines.append(f"<b style='color:{_red()}'>"
                         f"{esc(self.tr('Meer dan één regisseur actief!'))}</b>")
        n = file.regisseur_changes()
        if n or active:  # without a regisseur, "not changed" says nothing
            changes = self.tr("De regisseur is nog niet gewisseld: het gezin heeft één vaste "
                              "contactpersoon.") if n == 0 else \
                self.tr("{n} keer gewisseld.").format(n=n)
            lines.append(f"<span style='color:{_grey()}'>{esc(changes)}</span>")
        return "<br>".join(lines)

    def _warnings_html(self, view: FileView) -> str:
        if self.host.ctx.hides("household.warnings"):
            return esc(self.tr("Signalen zijn verborgen in huisbezoekmodus (F9)."))
        if not view.warnings:
            return esc(self.tr("Geen signalen."))
        items = []
        for w in view.warnings:
            why, todo = warning_text(w)
            items.append(f"<p><b style='color:{_red()}'>⚠ {esc(why)}</b><br>"
                         f"{esc(self.tr('Wat te doen:'))} {esc(todo)}</p>")
        return "".join(items)

    def _due_html(self, view: FileView, today: date) -> str:
        file = view.file
        rows = []
        h, ctx = file.household, self.host.ctx
        if h.next_action:
            text = ctx.shown("household.next_action", h.next_action)
            who = ctx.shown("household.next_action", h.next_action_by)
            when = [fmt_date(h.next_action_on)] if h.next_action_on else []
            extra = ", ".join(when + ([who] if who else []))
            rows.append(f"<b>{esc(self.tr('Volgende actie'))}:</b> {esc(text)}"
                        + (f" ({esc(extra)})" if extra else ""))
        if view.planned_monitoring:
            items = "".join(f"<li>{fmt_date(d)} ({days_phrase(d, today)})</li>"
                            for d in view.planned_monitoring)
            rows.append(f"<b>{esc(self.tr('Monitoring'))}:</b><ul>{items}</ul>")
        elif view.monitoring_done:
            rows.append(f"<b>{esc(self.tr('Monitoring'))}:</b> "
                        f"{esc(self.tr('alle momenten gedaan'))}")
        else:
            rows.append(f"<b>{esc(self.tr('Monitoring'))}:</b> "
                        f"{esc(self.tr('wordt gepland bij afsluiten'))}")
        actions = sorted(((a, g) for g in file.goals for a in g.actions
                          if a.status in (PlanStatus.OPEN, PlanStatus.BEZIG) and a.due),
                         key=lambda ag: ag[0].due or today)
        if actions:
            items = []
            for a, _g in actions[:8]:
                due = a.due or today
                style = f" style='color:{_red()}'" if due < today else ""
                who = f" — {esc(a.who)}" if a.who else ""
                items.append(f"<li{style}>{fmt_date(due)}: {esc(a.what)}{who}</li>")
            more = len(actions) - 8
            if more > 0:
                items.append(f"<li>{esc(self.tr('en nog {n} (zie Plan)').format(n=more))}</li>")
            rows.append(f"<b>{esc(self.tr('Open acties'))}:</b><ul>{''.join(items)}</ul>")
        return "<br>".join(rows)

    def _phase_html(self, view: FileView, mask) -> str:
        h = view.file.household
        status = self.tr("open") if h.status is HouseholdStatus.OPEN else \
            self.tr("gesloten op {d}").format(d=fmt_date(h.closed_on))
        head = (f"<span style='font-size:large'><b>{esc(PHASES[h.phase.value])}</b></span>"
                f"<br>{esc(self.tr('Status'))}: {esc(status)}")
        rows = []
        for ph in reversed(view.file.phase_history):
            change = esc(PHASES[ph.to_phase.value]) if ph.from_phase is None else \
                f"{esc(PHASES[ph.from_phase.value])} → {esc(PHASES[ph.to_phase.value])}"
            reason = esc(mask(ph.reason))
            rows.append(f"<tr><td>{fmt_date(ph.changed_on)}</td><td>{change}<br>"
                        f"<span style='color:{_grey()}'>{esc(ph.author)}: {reason}</span>"
                        f"</td></tr>")
        table = "<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"
        return f"{head}<p><b>{esc(self.tr('Geschiedenis'))}</b></p>{table}"

    def _members_html(self, view: FileView) -> str:
        items = []
        hide_roles = self.host.ctx.hides("person.roles")
        for p in view.file.persons:
            roles = []
            for r in () if hide_roles else sorted_roles(p):
                word = esc(ROLES[r.role.value])
                roles.append(f"<i>{word} ({esc(self.tr('vermoeden'))})</i>"
                             if r.certainty is Certainty.VERMOEDEN else word)
            elsewhere = "" if p.lives_in_household else f" <span style='color:{_grey()}'>(" \
                f"{esc(self.tr('woont elders'))})</span>"
            items.append(f"<li><b>{esc(p.full_name)}</b>{elsewhere}<br>{', '.join(roles)}</li>")
        if not items:
            return esc(self.tr("Nog geen gezinsleden. Voeg ze toe op het tabblad Gezinsleden."))
        return f"<ul style='margin-left:-20px'>{''.join(items)}</ul>"

    def _pros_html(self, view: FileView, today: date, mask) -> str:
        file = view.file
        active, ended = [], []
        for inv in file.involvements:
            pro = file.professional(inv.professional_id)
            name = esc(pro.name) if pro else "?"
            org = esc(pro.organisation) if pro else ""
            role = esc(self.tr("regisseur")) if inv.is_regisseur else esc(inv.role)
            if inv.active_on(today):
                active.append(f"<li><b>{org}</b>: {name} ({role})</li>")
            else:
                reason = f", {esc(mask(inv.end_reason))}" if inv.end_reason else ""
                ended.append(f"<li style='color:{_grey()}'>{org}: {name} ({role}), "
                             f"{esc(self.tr('tot'))} {fmt_date(inv.end)}{reason}</li>")
        out = f"<ul style='margin-left:-20px'>{''.join(active)}</ul>" if active else \
            esc(self.tr("Niemand actief betrokken."))
        if ended:
            out += f"<p><b>{esc(self.tr('Eerder betrokken'))}</b></p>" \
                   f"<ul style='margin-left:-20px'>{''.join(ended)}</ul>"
        return out

    def _plan_html(self, view: FileView) -> str:
        file = view.file
        if not file.goals:
            return esc(self.tr("Nog geen doelen. Maak het plan op het tabblad Plan."))
        out = []
        current = file.household.phase
        for phase in Phase:
            goals = [g for g in file.goals if g.phase is phase]
            if not goals:
                continue
            mark = f" <i>({esc(self.tr('nu'))})</i>" if phase is current else ""
            out.append(f"<p><b>{esc(PHASES[phase.value])}</b>{mark}</p><ul "
                       f"style='margin-left:-20px'>")
            system = [g for g in goals if g.person_id is None]
            personal = [g for g in goals if g.person_id is not None]
            for g in system + personal:
                person = file.person(g.person_id) if g.person_id else None
                who = esc(person.given_name) if person else esc(self.tr("Hele gezin"))
                done = sum(a.status is PlanStatus.GEDAAN for a in g.actions)
                colour = f" style='color:{_grey()}'" if g.status is PlanStatus.GEDAAN else ""
                out.append(f"<li{colour}><b>{who}</b>: {esc(g.text)} "
                           f"<span style='color:{_grey()}'>({done}/{len(g.actions)} "
                           f"{esc(self.tr('acties gedaan'))})</span></li>")
            out.append("</ul>")
        return "".join(out)
