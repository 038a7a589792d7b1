"""Every screen and dialog of the app that can be built offscreen without ``exec()``, on a demo
vault, for the accessibility, language, contrast and screen-size tests. Import the fixtures
explicitly: ``from .a11y_screens import demo_window, dutch_qt``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from wijkteam_desk.app import install_dutch
from wijkteam_desk.domain.model import NetworkStance
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.ui.background import BackgroundCall
from wijkteam_desk.ui.main_window import MainWindow

from .conftest import PASSPHRASE, flush_deletes
from .driving import settle, settle_all
from .walker import widget_texts  # noqa: F401  (what a screen shows: tests import it from here)

DEMO_HOUSEHOLDS = 6


@pytest.fixture
def dutch_qt(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """What make_application() does for the real app: Qt's own texts in Dutch. Undone after
    the test so other test modules see the application as they expect it."""
    before = QLocale()
    translator = install_dutch(qapp)
    yield
    if translator is not None:
        for t in (*translator.findChildren(QTranslator), translator):
            qapp.removeTranslator(t)
        translator.setObjectName("")  # so the next install_dutch() makes a fresh one
        translator.deleteLater()
    QLocale.setDefault(before)


@dataclass
class Demo:
    window: MainWindow
    household_id: int


def _showcase(window: MainWindow, ids: list[int]) -> int:
    """The open demo household with the most on screen (people, network, a threat)."""
    cases = window.ctx.workspace.cases  # type: ignore[union-attr]

    def score(hid: int) -> int:
        f = cases.open_file(hid, "test").file
        if f.household.status.value != "open":
            return -1
        threat = any(n.stance is NetworkStance.BEDREIGEND for n in f.network)
        return len(f.persons) * 2 + 3 * threat + len(f.child_offers)
    return max(ids, key=score)


@pytest.fixture
def demo_window(qtbot, service, clock, dutch_qt) -> Iterator[Demo]:  # type: ignore[no-untyped-def]
    """The real main window (real dashboard and household pages) unlocked on a demo vault."""
    workspace, _code = service.create(PASSPHRASE, "Wijkteam Noord", "Utrecht")
    ids = DemoGenerator(workspace.unit_of_work, seed=3).generate(DEMO_HOUSEHOLDS)
    window = MainWindow(service, clock=clock, watch_system=False)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.open_workspace(workspace)
    dashboard = window._dashboard
    settle(dashboard.loader)  # it loads in a worker thread
    assert dashboard.is_loaded
    today = window._today  # Vandaag, shown first: two reads in worker threads
    settle(today.dated_loader, today.signals_loader)  # type: ignore[union-attr]
    assert today.is_loaded  # type: ignore[union-attr]
    demo = Demo(window, _showcase(window, ids))
    yield demo
    window.lock("test")
    settle_all()  # a refresh the lock cut off from its page
    flush_deletes()


# -- the screens ----------------------------------------------------------------------------------
Screen = tuple[str, QWidget]


def household_tabs(demo: Demo) -> Iterator[Screen]:
    """The main window showing the showcase household, once per tab."""
    window = demo.window
    assert window.open_household(demo.household_id)
    page = window._household.page  # type: ignore[union-attr]
    for i in range(page.tabs.count()):
        page.set_current_tab(i)
        QApplication.processEvents()
        yield f"tabblad {page.tabs.tabText(i)}", window


def main_screens(demo: Demo) -> Iterator[Screen]:
    window = demo.window
    window.show_today()
    QApplication.processEvents()
    yield "Vandaag", window
    window.show_dashboard()
    QApplication.processEvents()
    yield "overzicht", window
    yield from household_tabs(demo)


def _dialog_factories(demo: Demo) -> list[tuple[str, Callable[[], QWidget | None]]]:
    # Imported here: the modules are big and only these tests need them all at once.
    from wijkteam_desk.ui.agenda import AgendaDialog
    from wijkteam_desk.ui.audit_viewer import AuditLogDialog
    from wijkteam_desk.ui.exchange import ExchangeDialog
    from wijkteam_desk.ui.exchange_flow import SendFlow
    from wijkteam_desk.ui.exchange_keys import TrustKeyDialog
    from wijkteam_desk.ui.first_run import FirstRunDialog, RecoveryCodeDialog
    from wijkteam_desk.ui.help import ManualDialog
    from wijkteam_desk.ui.household import dialogs as hd
    from wijkteam_desk.ui.household import member_dialogs as md
    from wijkteam_desk.ui.household import plan_dialogs as pd
    from wijkteam_desk.ui.household import safety_plan_dialogs as sd
    from wijkteam_desk.ui.household.monitoring_tab import ExtraMomentDialog
    from wijkteam_desk.ui.household.safety_dialogs import NewChecklistDialog, ScoreDialog
    from wijkteam_desk.ui.household.timeline_dialogs import IncidentDialog, JournalDialog
    from wijkteam_desk.ui.monitoring_overview import MonitoringOverviewDialog
    from wijkteam_desk.ui.profile import ProfileDialog
    from wijkteam_desk.ui.settings_page import ChangePassphraseDialog, SettingsDialog
    from wijkteam_desk.ui.vault_dialogs import RecoverDialog, RestoreDialog

    w = demo.window
    ctx = w.ctx
    assert ctx is not None
    hid = demo.household_id
    view = ctx.workspace.cases.open_file(hid, "test")
    file = view.file
    people = tuple((p.id, p.full_name) for p in file.persons)
    child = next((p for p in file.persons if p.birth_date is not None), file.persons[0])
    templates = ctx.workspace.checklists.templates()
    secrets = w.service.secrets
    return [
        ("Instellingen", lambda: SettingsDialog(ctx, secrets, w)),
        ("Wie ben je", lambda: ProfileDialog(ctx.workspace, w)),
        ("Wachtwoord wijzigen", lambda: ChangePassphraseDialog(ctx, secrets, w)),
        ("Logboek", lambda: AuditLogDialog(ctx, w)),
        ("Agenda", lambda: AgendaDialog(ctx, w)),
        ("Monitoring en cijfers", lambda: MonitoringOverviewDialog(ctx, w)),
        ("VT-uitwisseling", lambda: ExchangeDialog(ctx, w)),
        ("Versturen naar Veilig Thuis", lambda: SendFlow(ctx, w)),
        ("Sleutel vertrouwen", lambda: TrustKeyDialog(ctx.workspace.exchange.own_key(), w)),
        ("Handleiding", lambda: ManualDialog(w)),
        ("Eerste start", lambda: FirstRunDialog(w.service, w)),
        ("Herstelcode", lambda: RecoveryCodeDialog("ABCD-EFGH-IJKL-MNOP", False, w)),
        ("Herstellen met code", lambda: RecoverDialog(w.service, w)),
        ("Reservekopie terugzetten", lambda: RestoreDialog(w.service, w)),
        ("Nieuw gezin", lambda: hd.NewHouseholdDialog(ctx, w)),
        ("Fase", lambda: hd.PhaseDialog(ctx, view, w)),
        ("Regisseur", lambda: hd.RegisseurDialog(ctx, view, False, w)),
        ("Afsluiten", lambda: hd.CloseDialog(ctx, view, w)),
        ("Heropenen", lambda: hd.ReopenDialog(ctx, view, w)),
        ("Gezinslid", lambda: md.MemberDialog(ctx, hid, parent=w)),
        ("Gezinslid bewerken", lambda: md.MemberDialog(ctx, hid, file.persons[0], parent=w)),
        ("Relatie", lambda: md.RelationshipDialog(ctx, view, w)),
        ("Netwerk", lambda: md.NetworkDialog(ctx, hid, w)),
        ("Professional", lambda: md.ProfessionalDialog(ctx, w)),
        ("Betrekken", lambda: md.InvolveDialog(ctx, hid, w)),
        ("Doel", lambda: pd.GoalDialog(ctx, hid, file.persons, file.household.phase,
                                       parent=w)),
        ("Actie", lambda: pd.ActionDialog(ctx, hid, file.goals, parent=w)),
        ("Aanbod kind", lambda: pd.ChildOfferDialog(ctx, hid, child, w)),
        ("Incident", lambda: IncidentDialog(ctx, hid, file.persons, w)),
        ("Journaal", lambda: JournalDialog(ctx, hid, w)),
        ("Extra moment", lambda: ExtraMomentDialog(ctx, hid, w)),
        ("Checklist", lambda: NewChecklistDialog(ctx, hid, templates, w)),
        ("Score", lambda: ScoreDialog(ctx, hid, people, w)),
        ("Veiligheidsdoel", lambda: sd.GoalDialog(ctx, parent=w)),
        ("Afspraak", lambda: sd.AgreementDialog(ctx, (), parent=w)),
        ("Stap", lambda: sd.StepDialog(ctx, (), parent=w)),
        ("Veilige plek", lambda: sd.SafePlaceDialog(ctx, parent=w)),
        ("Voorwaarde", lambda: sd.ConditionDialog(ctx, hid, w)),
        *_tab_dialogs(demo),
        *_record_dialogs(demo),
        *_team_dialogs(demo),
    ]


def _team_dialogs(demo: Demo) -> list[tuple[str, Callable[[], QWidget | None]]]:
    """A team's bad days (issue 17): the takeover, a late change with a changed row and a
    journal note, a new laptop linked. Filled with what a team would show; the demo vault is
    in no team, and none of them writes before its button is pressed."""
    from datetime import UTC, datetime
    from pathlib import Path

    from wijkteam_desk.services.team import JoinRequestInfo
    from wijkteam_desk.services.team_review import ReviewView, RowChange
    from wijkteam_desk.ui.household.takeover import TakeoverDialog
    from wijkteam_desk.ui.team_members import RelinkDialog
    from wijkteam_desk.ui.team_review import ReviewDialog

    w = demo.window
    ctx = w.ctx
    assert ctx is not None
    hid = demo.household_id
    household = ctx.workspace.cases.open_file(hid, "test").file.household
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    row = {"id": hid, "name": household.name, "next_action": "Huisbezoek donderdag"}
    note = {"id": 7, "household_id": hid, "kind": "notitie", "occurred_at": at.isoformat(),
            "author": "Ayşe Yılmaz", "text": "Moeder telefonisch gesproken over de school"}
    review = ReviewView(1, hid, "m1", "Ayşe Yılmaz", 3, at, (
        RowChange(f"household:{hid}", "household", "changed", row,
                  {**row, "next_action": household.next_action or "Bellen"}),
        RowChange("journal_entry:7", "journal_entry", "added", note, None, True)))
    info = JoinRequestInfo("m1", "Ayşe Yılmaz", "consulent",
                           "ADF7 3B42 8EB5 D0BB AB04 277E D4F9 03CF")
    return [
        ("Gezin overnemen", lambda: TakeoverDialog(ctx, hid, household.name, "Ayşe Yılmaz",
                                                   "m1", w)),
        ("Late wijzigingen beoordelen", lambda: ReviewDialog(ctx, review, w)),
        ("Nieuwe laptop koppelen", lambda: RelinkDialog(ctx, Path("aanmelding.json"), info,
                                                        "Ayşe Yılmaz", w)),
    ]


def _tab_dialogs(demo: Demo) -> list[tuple[str, Callable[[], QWidget | None]]]:
    """Dialogs the household tabs build themselves (print dialogs, the person on the plan)."""
    from wijkteam_desk.ui.household.safety_plan_tab import SafetyPlanTab

    def tab() -> SafetyPlanTab:
        assert demo.window.open_household(demo.household_id)
        page = demo.window._household.page  # type: ignore[union-attr]
        return next(page.tabs.widget(i) for i in range(page.tabs.count())
                    if isinstance(page.tabs.widget(i), SafetyPlanTab))
    return [
        ("Gezinsoverzicht afdrukken", lambda: tab().overview_dialog()),
        ("Veiligheidsplan afdrukken", lambda: tab().print_dialog()),
        ("Veilige persoon", lambda: tab().editor.person_dialog()),
    ]


def _record_dialogs(demo: Demo) -> list[tuple[str, Callable[[], QWidget | None]]]:
    """Correcting the record and documents in the file (issue 13, parts 3 and 4)."""
    from tests.support.documents import make_pdf, make_png, marker

    from wijkteam_desk.domain.record import RecordKind
    from wijkteam_desk.ui.household import record_dialogs as rd
    from wijkteam_desk.ui.household.attachment_viewer import AttachmentViewer
    from wijkteam_desk.ui.household.attachments_tab import AddAttachmentDialog

    w = demo.window
    ctx = w.ctx
    assert ctx is not None
    hid = demo.household_id
    file = ctx.workspace.cases.open_file(hid, "test").file
    folder = w.service.paths.home.parent
    pdf, png = folder / "Rapport Veilig Thuis.pdf", folder / "brief.png"
    pdf.write_bytes(make_pdf(marker(), pages=2))
    png.write_bytes(make_png(marker()))
    if not ctx.workspace.attachments.listing(hid).count:
        ctx.workspace.attachments.attach(hid, pdf)
        ctx.workspace.attachments.attach(hid, png)
    docs = ctx.workspace.attachments.listing(hid).items
    run = next((r for r in ctx.workspace.checklists.runs(hid) if r.run.completed), None)
    out: list[tuple[str, Callable[[], QWidget | None]]] = [
        ("Document toevoegen", lambda: AddAttachmentDialog(
            ctx, hid, pdf, file.persons, tuple(ctx.workspace.plans.versions(hid)),
            ((1, "Notitie 01-02-2026: Huisbezoek"),), parent=w)),
        *[(f"Document bekijken ({d.media_type.label})",
           lambda d=d: AttachmentViewer(ctx, ctx.workspace.attachments.content(d.id), w))
          for d in docs],
    ]
    if file.journal:
        entry = file.journal[-1]
        out += [("Notitie corrigeren", lambda: rd.CorrectJournalDialog(ctx, entry, w)),
                ("Intrekken", lambda: rd.WithdrawDialog(ctx, hid, RecordKind.JOURNAL, entry.id,
                                                        entry.text, w))]
    if file.incidents:
        out.append(("Incident corrigeren", lambda: rd.CorrectIncidentDialog(
            ctx, file.incidents[-1], file.persons, w)))
    if run is not None:
        out.append(("Antwoord corrigeren", lambda: rd.CorrectAnswerDialog(ctx, run, w)))
    return out


def dialogs(demo: Demo) -> Iterator[Screen]:
    """Each dialog shown (not exec'd), handed out, then closed and deleted."""
    for name, make in _dialog_factories(demo):
        dialog = make()
        if dialog is None:
            continue
        for work in dialog.findChildren(BackgroundCall):  # e.g. a print preview being made
            settle(work)
        dialog.show()
        QApplication.processEvents()
        yield name, dialog
        dialog.hide()
        if isinstance(dialog, QDialog):
            dialog.reject()
        dialog.deleteLater()
        flush_deletes()


def all_screens(demo: Demo) -> Iterator[Screen]:
    yield from main_screens(demo)
    yield from dialogs(demo)

