"""The audit log (S19, S20): every change and view leaves a line; the chain shows tampering."""

from __future__ import annotations

import pytest
import sqlcipher3

from wijkteam_desk.domain.integrity import Finding
from wijkteam_desk.domain.model import PersonRole, Role
from wijkteam_desk.texts import finding_text


def test_changes_and_views_are_logged_with_who_what_and_when(workspace) -> None:  # type: ignore[no-untyped-def]
    hid = workspace.cases.create_household("Gezin Log")
    pid = workspace.cases.add_person(hid, "Fleur", "Log", roles=(PersonRole(Role.SLACHTOFFER),),
                                     note="Vertelde over de ruzie van gisteren.")
    workspace.cases.open_file(hid)
    events = workspace.cases.audit_log(household_id=hid)
    actions = [e.action for e in reversed(events)]
    assert actions == ["household.create", "person.create", "household.view"]
    person_line = next(e for e in events if e.action == "person.create")
    assert (person_line.actor, person_line.device, person_line.object_id) == \
        ("tester", "testapparaat", str(pid))
    assert person_line.at.startswith("2026-11-22T10:00")
    # no free text or names in log lines (BIO 8.15.02)
    for e in events:
        assert "ruzie" not in str(e.detail) and "Fleur" not in str(e.detail)


def test_log_lines_cannot_be_changed_or_removed(workspace) -> None:  # type: ignore[no-untyped-def]
    workspace.cases.create_household("Gezin Vast")
    conn = workspace.vault.raw_connection()
    with pytest.raises(sqlcipher3.DatabaseError):
        conn.execute("UPDATE audit_event SET actor = 'iemand anders'")
    with pytest.raises(sqlcipher3.DatabaseError):
        conn.execute("DELETE FROM audit_event")


def test_chain_finds_an_edited_line(workspace) -> None:  # type: ignore[no-untyped-def]
    for n in range(4):
        workspace.cases.create_household(f"Gezin {n}")
    assert workspace.check() == []
    conn = workspace.vault.raw_connection()
    # someone with the key drops the guard and rewrites history
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("UPDATE audit_event SET actor = 'iemand anders' WHERE id = 3")
    problems = workspace.check()
    assert problems == [Finding("audit_broken", {"line": 3})]
    assert finding_text(problems[0]) == "Het logboek is veranderd of ingekort vanaf regel 3."


def test_chain_finds_a_removed_line(workspace) -> None:  # type: ignore[no-untyped-def]
    for n in range(4):
        workspace.cases.create_household(f"Gezin {n}")
    conn = workspace.vault.raw_connection()
    conn.execute("DROP TRIGGER audit_event_no_delete")
    conn.execute("DELETE FROM audit_event WHERE id = 2")
    assert workspace.check() == [Finding("audit_broken", {"line": 3})]


def test_a_refused_change_leaves_no_line_and_no_data(workspace) -> None:  # type: ignore[no-untyped-def]
    from wijkteam_desk.domain.errors import ValidationError

    before = len(workspace.cases.audit_log())
    with pytest.raises(ValidationError):
        workspace.cases.create_household("   ")
    assert len(workspace.cases.audit_log()) == before
    assert workspace.cases.list_cases() == []
