"""Checklists, the veiligheidsschaal and the safety warnings through the services (real vault)."""

from __future__ import annotations

import json
import random
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from wijkteam_desk.domain.checklists import Answer
from wijkteam_desk.domain.clock import FixedClock
from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.model import (
    JournalKind,
    PersonRole,
    Role,
    Severity,
    ViolenceForm,
)
from wijkteam_desk.resources import resource_path
from wijkteam_desk.services.checklists import ChecklistService
from wijkteam_desk.services.demo_checklists import filled_run
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.settings import Settings


def _household(ws: Workspace, child_roles: tuple[Role, ...] = (Role.KIND,)) -> tuple[int, int]:
    hid = ws.cases.create_household("Gezin Testman", opened_on=date(2026, 10, 1))
    ws.cases.add_person(hid, "Moeder", "Testman", roles=(PersonRole(Role.SLACHTOFFER),))
    child = ws.cases.add_person(hid, "Sam", "Testman", birth_date=date(2018, 5, 1),
                                roles=tuple(PersonRole(r) for r in child_roles))
    return hid, child


def _codes(ws: Workspace, hid: int) -> list[str]:
    return [w.code for w in ws.cases.open_file(hid).warnings]


def _complete(ws: Workspace, hid: int, template_id: str, prefer: str = "ja") -> int:
    """Start a run and fill it in completely through the service."""
    run_id = ws.checklists.start(hid, template_id)
    view = ws.checklists.get(run_id)
    done = filled_run(view.template, hid, "x", view.run.started_at, view.facts,
                      random.Random(1), prefer)
    ws.checklists.save(run_id, done.answers, done.outcome)
    ws.checklists.complete(run_id)
    return run_id


def test_a_run_is_started_answered_completed_and_then_read_only(workspace: Workspace) -> None:
    hid, _ = _household(workspace)
    run_id = workspace.checklists.start(hid, "kindcheck")
    view = workspace.checklists.get(run_id)
    assert view.facts == {"has_children": True}  # derived from the household file
    assert view.run.author == "tester" and not view.run.completed
    workspace.checklists.answer(run_id, "kinderen_aanwezig", "ja", "twee kinderen")
    with pytest.raises(ValidationError) as refused:
        workspace.checklists.complete(run_id)
    assert refused.value.code == "checklist_incomplete"
    assert "Beantwoord de vraag" in refused.value.facts["eerste"]
    _complete(workspace, hid, "kindcheck")
    done = workspace.checklists.runs(hid)[0]
    assert done.run.completed
    with pytest.raises(ValidationError) as locked:
        workspace.checklists.answer(done.id, "kinderen_aanwezig", "nee")
    assert locked.value.code == "run_completed"
    with pytest.raises(ValidationError):
        workspace.checklists.save(done.id, {})
    actions = [e.action for e in workspace.cases.audit_log(household_id=hid)]
    assert {"checklist.start", "checklist.answer", "checklist.save",
            "checklist.complete"} <= set(actions)


def test_every_shipped_template_can_be_completed_and_printed(workspace: Workspace) -> None:
    hid, _ = _household(workspace)
    for template in workspace.checklists.templates():
        run_id = _complete(workspace, hid, template.id)
        printout = workspace.checklists.print_run(run_id)
        assert printout.data.startswith(b"%PDF")
        assert "Testman" not in printout.file_name and printout.file_name.endswith(".pdf")
    assert len([e for e in workspace.cases.audit_log(household_id=hid)
                if e.action == "print.checklist"]) == 4


def test_a_run_in_progress_cannot_be_printed(workspace: Workspace) -> None:
    hid, _ = _household(workspace)
    run_id = workspace.checklists.start(hid, "kindcheck")
    with pytest.raises(ValidationError) as refused:
        workspace.checklists.print_run(run_id)
    assert refused.value.code == "run_not_completed"


def test_an_old_run_keeps_its_template_version(workspace: Workspace, tmp_path: Path) -> None:
    hid, _ = _household(workspace)
    old_id = _complete(workspace, hid, "kindcheck")
    folder = tmp_path / "checklists"
    shutil.copytree(resource_path("checklists"), folder)
    raw = json.loads((folder / "kindcheck.v1.json").read_text("utf-8"))
    raw["version"] = 2
    raw["title"] = "Kindcheck (nieuw)"
    raw["sections"][0]["items"][0]["text"] = "Nieuwe vraag over kinderen?"
    (folder / "kindcheck.v2.json").write_text(json.dumps(raw), "utf-8")
    service = ChecklistService(workspace.unit_of_work, lambda: workspace.settings, folder)
    old = service.get(old_id)
    assert (old.template.version, old.template.title) == (1, "Kindcheck")
    assert service.print_run(old_id).data.startswith(b"%PDF")
    new_id = service.start(hid, "kindcheck")
    assert service.get(new_id).template.version == 2


def test_child_witness_needs_an_offer_or_a_reason(workspace: Workspace) -> None:
    hid, child = _household(workspace, (Role.KIND, Role.GETUIGE))
    assert "kind_zonder_aanbod" in _codes(workspace, hid)
    workspace.cases.record_child_offer(hid, child, no_offer_reason="Al in behandeling.")
    assert "kind_zonder_aanbod" not in _codes(workspace, hid)


def test_child_witness_with_an_offer_and_a_child_without_role(workspace: Workspace) -> None:
    hid, child = _household(workspace, (Role.GETUIGE,))  # a child by age, not by role
    assert "kind_zonder_aanbod" in _codes(workspace, hid)
    workspace.cases.record_child_offer(hid, child, description="Speltherapie")
    assert "kind_zonder_aanbod" not in _codes(workspace, hid)
    quiet, _ = _household(workspace, (Role.KIND,))
    assert "kind_zonder_aanbod" not in _codes(workspace, quiet)


def test_police_report_is_reweighed_by_a_completed_check(workspace: Workspace,
                                                         clock: FixedClock) -> None:
    hid, _ = _household(workspace)
    workspace.cases.record_incident(hid, date(2026, 11, 20), (ViolenceForm.PSYCHISCH,),
                                    Severity.LICHT, police_report=True)
    assert "politiemelding_herwegen" in _codes(workspace, hid)
    _complete(workspace, hid, "meldcode-afweging")
    assert "politiemelding_herwegen" not in _codes(workspace, hid)
    clock.advance(days=3)
    workspace.cases.record_incident(hid, date(2026, 11, 24), (ViolenceForm.PSYCHISCH,),
                                    Severity.LICHT, police_report=True)
    assert "politiemelding_herwegen" in _codes(workspace, hid)


def test_serious_threat_needs_consultation_cleared_by_the_journal(workspace: Workspace) -> None:
    hid, _ = _household(workspace)
    workspace.cases.record_incident(hid, date(2026, 11, 18), (ViolenceForm.BEDREIGING,),
                                    Severity.ERNSTIG)
    assert "consultatie_vt_verplicht" in _codes(workspace, hid)
    workspace.cases.add_journal_entry(hid, JournalKind.CONSULTATIE_VT, "Advies gevraagd.")
    assert "consultatie_vt_verplicht" not in _codes(workspace, hid)


def test_specialist_direction_is_decided_in_the_zicht_check(workspace: Workspace) -> None:
    hid, _ = _household(workspace)
    workspace.cases.record_incident(hid, date(2026, 11, 18), (ViolenceForm.SEKSUEEL,),
                                    Severity.LICHT)
    assert "specialistische_regie_geadviseerd" in _codes(workspace, hid)
    run_id = workspace.checklists.start(hid, "zicht-op-veiligheid")
    view = workspace.checklists.get(run_id)
    assert view.facts["opschalen_geadviseerd"] is True
    done = filled_run(view.template, hid, "x", view.run.started_at, view.facts,
                      random.Random(2))
    workspace.checklists.save(run_id, done.answers, Answer("doorgaan", ""))
    with pytest.raises(ValidationError) as refused:
        workspace.checklists.complete(run_id)
    assert "Je schaalt niet op" in refused.value.facts["eerste"]
    workspace.checklists.set_outcome(run_id, "doorgaan", "Besproken met VT: lokaal verder.")
    workspace.checklists.complete(run_id)
    assert "specialistische_regie_geadviseerd" not in _codes(workspace, hid)


def test_a_huisverbod_in_the_check_asks_for_the_escalation_decision_and_counts_for_rule_5(
        workspace: Workspace) -> None:
    hid, _ = _household(workspace)  # children: one criterion of rule 5
    run_id = workspace.checklists.start(hid, "zicht-op-veiligheid")
    view = workspace.checklists.get(run_id)
    done = filled_run(view.template, hid, "x", view.run.started_at, view.facts,
                      random.Random(3))
    answers = {**done.answers, "huisverbod": Answer("ja", "")}
    workspace.checklists.save(run_id, answers, Answer("doorgaan", ""))
    with pytest.raises(ValidationError) as refused:
        workspace.checklists.complete(run_id)
    assert "Specialistische casusregie is geadviseerd" in refused.value.facts["eerste"]
    workspace.checklists.set_outcome(run_id, "opschalen", "Casusregie naar Veilig Thuis.")
    workspace.checklists.complete(run_id)
    codes = _codes(workspace, hid)
    assert "specialistische_regie_geadviseerd" not in codes  # decided in the check itself
    assert "consultatie_vt_verplicht" in codes  # children + an earlier huisverbod
    why = next(w for w in workspace.cases.open_file(hid).warnings
               if w.code == "consultatie_vt_verplicht").facts["redenen"]
    assert "huisverbod" in why and "kinderen" in why
    _complete(workspace, hid, "verplichte-consultatie-vt")
    assert "consultatie_vt_verplicht" not in _codes(workspace, hid)


def test_overdue_checklist_interval_is_configurable(workspace: Workspace,
                                                    clock: FixedClock) -> None:
    hid, _ = _household(workspace)
    assert "checklist_achterstallig" in _codes(workspace, hid)
    _complete(workspace, hid, "zicht-op-veiligheid")
    assert "checklist_achterstallig" not in _codes(workspace, hid)
    clock.advance(days=43)
    assert "checklist_achterstallig" in _codes(workspace, hid)
    workspace.save_settings(Settings(extra={"checklist_intervals": {"zicht-op-veiligheid": 60}}))
    assert "checklist_achterstallig" not in _codes(workspace, hid)
    workspace.save_settings(Settings(extra={"checklist_intervals": {"kindcheck": 30}}))
    assert [w.facts["checklist"] for w in workspace.cases.open_file(hid).warnings
            if w.code == "checklist_achterstallig"] == ["Kindcheck", "Zicht op veiligheid"]


def test_consultation_threshold_is_configurable(workspace: Workspace) -> None:
    hid, _ = _household(workspace)  # children: one criterion
    assert "consultatie_vt_verplicht" not in _codes(workspace, hid)
    workspace.save_settings(Settings(extra={"consultation_threshold": 1}))
    assert "consultatie_vt_verplicht" in _codes(workspace, hid)


def test_veiligheidsschaal_scores(workspace: Workspace) -> None:
    hid, child = _household(workspace)
    workspace.checklists.add_score(hid, child, 4, date(2026, 10, 1), "kind", "bang")
    workspace.checklists.add_score(hid, child, 7, date(2026, 11, 1), "professional")
    scores = workspace.checklists.scores(hid)
    assert [(s.score, s.scored_by.value) for s in scores] == [(4, "kind"), (7, "professional")]
    for bad in (11, -1):
        with pytest.raises(ValidationError) as refused:
            workspace.checklists.add_score(hid, child, bad, date(2026, 11, 1), "kind")
        assert refused.value.code == "score_range"
    with pytest.raises(ValidationError) as who:
        workspace.checklists.add_score(hid, child, 5, date(2026, 11, 1), "buurman")
    assert who.value.code == "scored_by_invalid"
    other, _ = _household(workspace)
    with pytest.raises(ValidationError):
        workspace.checklists.add_score(other, child, 5, date(2026, 11, 1), "kind")
    scale = workspace.checklists.scale(hid)
    assert len(scale.scores) == 2 and (child, "Sam Testman") in scale.persons
    assert any(a.action == "safety_score.create"
               for a in workspace.cases.audit_log(household_id=hid))


def test_started_time_round_trips_with_its_time_zone(workspace: Workspace) -> None:
    hid, _ = _household(workspace)
    run_id = workspace.checklists.start(hid, "kindcheck")
    started = workspace.checklists.get(run_id).run.started_at
    assert started == workspace.clock.now() and isinstance(started, datetime)
