"""Applying a verified overdracht to the case file, inside the caller's unit of work.

The household is found by VT's case number, persons and voorwaarden by VT's ids. Each field is
compared three ways with what VT sent last time (the import snapshot): a change only VT made is
taken, a change only the team made is kept, and two different changes become an open
``import_conflict`` for the team to review. Nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..domain.exchange import ImportConflict, Merge, three_way
from ..domain.model import JournalKind, Phase
from ..storage.uow import SqlUnitOfWork
from .exchange_payloads import (
    CONDITION_FIELDS,
    PERSON_FIELDS,
    address_text,
    handover_note,
    incoming_condition,
    incoming_person,
    local_person,
    normalized,
    person_update,
    roles_from,
    snapshot_text,
    snapshot_values,
)


@dataclass
class OverdrachtResult:
    household_id: int
    created: bool
    persons_added: int = 0
    persons_updated: int = 0
    conditions_added: int = 0
    conditions_updated: int = 0
    conflicts: list[int] = field(default_factory=list)
    handover_changed: bool = False


def apply_overdracht(uow: SqlUnitOfWork, payload: dict[str, Any],
                     package_id: str) -> OverdrachtResult:
    """What a (later) overdracht does, field by field, is in docs/exchange-format.md: a person
    or voorwaarde it leaves out is unchanged; VT withdraws a voorwaarde with ``withdrawn_on``."""
    payload = normalized(payload)
    now, today = uow.clock.now(), uow.clock.today()
    handover = date.fromisoformat(payload["handover_date"])
    case_number = payload["vt_case_number"]
    hid = uow.exchange.household_by_case_number(case_number)
    if hid is None:
        hid = uow.cases.add_household(name=payload["household"]["name"],
                                      phase=Phase.DIRECTE_VEILIGHEID, opened_on=today, now=now,
                                      from_vt=True, vt_case_number=case_number,
                                      vt_handover_date=handover)
        uow.cases.add_phase_change(hid, from_phase=None, to_phase=Phase.DIRECTE_VEILIGHEID,
                                   changed_on=today, author=uow.actor,
                                   reason="Overdracht van Veilig Thuis")
        result = OverdrachtResult(hid, created=True, handover_changed=True)
    else:
        result = OverdrachtResult(hid, created=False)
        current = uow.cases.get_household(hid)
        if current.vt_handover_date != handover or not current.from_vt:
            # VT's handover date is the monitoring anchor: VT decides it, not a local edit.
            uow.cases.update_household(hid, now, vt_handover_date=handover, from_vt=True)
            result.handover_changed = True
    _household(uow, hid, payload["household"], package_id, result)
    _persons(uow, hid, payload["persons"], package_id, result)
    _conditions(uow, hid, payload["veiligheidsvoorwaarden"], package_id, result)
    uow.cases.add_journal(hid, kind=JournalKind.NOTITIE, occurred_at=now, author=uow.actor,
                          text=handover_note(payload))
    return result


def _household(uow: SqlUnitOfWork, hid: int, household: dict[str, Any], package_id: str,
               result: OverdrachtResult) -> None:
    """The name is the team's too (three-way, like a person's fields); the address is VT's
    alone (the household row has none), kept as VT last sent it; no address means unchanged."""
    stored = uow.exchange.vt_household(hid)
    address, snapshot_json = stored if stored else ({}, "")
    snapshot = snapshot_values(snapshot_json)
    incoming = {"name": household["name"], "address": household.get("address") or address}
    if not result.created:
        local = uow.cases.get_household(hid).name
        decision = three_way(snapshot.get("name"), local, incoming["name"])
        if decision is Merge.TAKE:
            uow.cases.update_household(hid, uow.clock.now(), name=incoming["name"])
        elif decision is Merge.CONFLICT:
            uow.exchange.close_open_conflicts("household", hid, "name", uow.clock.now())
            result.conflicts.append(uow.exchange.add_conflict(
                hid, "household", hid, "name", local, incoming["name"], package_id))
    uow.exchange.set_vt_household(hid, incoming["address"], snapshot_text(incoming))


def vt_address(uow: SqlUnitOfWork, hid: int) -> str:
    """The household's address as Veilig Thuis sent it (empty when it sent none)."""
    stored = uow.exchange.vt_household(hid)
    return address_text(stored[0]) if stored else ""


def _persons(uow: SqlUnitOfWork, hid: int, persons: list[dict[str, Any]], package_id: str,
             result: OverdrachtResult) -> None:
    linked = uow.exchange.linked_persons(hid)
    for person in persons:
        incoming = incoming_person(person)
        external = person["id"]
        if external not in linked:
            pid = uow.cases.add_person(
                hid, given_name=incoming["given_name"], family_name=incoming["family_name"],
                roles=roles_from(incoming["roles"]),
                birth_date=person_update("birth_date", incoming["birth_date"])["birth_date"],
                address=incoming["address"], postcode=incoming["postcode"],
                city=incoming["city"], phone=incoming["phone"],
                secret_address=incoming["secret_address"])
            uow.exchange.set_person_link(pid, external, snapshot_text(incoming))
            result.persons_added += 1
            continue
        pid, snapshot_json = linked[external]
        local = local_person(uow.cases.get_person(pid))
        snapshot = snapshot_values(snapshot_json)
        changed = False
        for name in PERSON_FIELDS:
            decision = three_way(snapshot.get(name), local[name], incoming[name])
            if decision is Merge.TAKE:
                _set_person_field(uow, pid, name, incoming[name])
                changed = True
            elif decision is Merge.CONFLICT:
                uow.exchange.close_open_conflicts("person", pid, name, uow.clock.now())
                result.conflicts.append(uow.exchange.add_conflict(
                    hid, "person", pid, name, local[name], incoming[name], package_id))
        uow.exchange.set_person_link(pid, external, snapshot_text(incoming))
        result.persons_updated += changed


def _set_person_field(uow: SqlUnitOfWork, person_id: int, name: str, value: Any) -> None:
    if name == "roles":
        uow.cases.set_roles(person_id, roles_from(value))
    else:
        uow.cases.update_person(person_id, **person_update(name, value))


def _conditions(uow: SqlUnitOfWork, hid: int, conditions: list[dict[str, Any]],
                package_id: str, result: OverdrachtResult) -> None:
    existing = uow.exchange.conditions(hid)
    for condition in conditions:
        incoming = incoming_condition(condition)
        external = condition["id"]
        if external not in existing:
            withdrawn = incoming["withdrawn_on"]
            uow.exchange.add_condition(hid, text=incoming["text"], set_by=incoming["set_by"],
                                       set_on=date.fromisoformat(incoming["set_on"]),
                                       external_id=external, snapshot=snapshot_text(incoming),
                                       withdrawn_on=date.fromisoformat(withdrawn)
                                       if withdrawn else None)
            result.conditions_added += 1
            continue
        cid, local, snapshot_json = existing[external]
        snapshot = snapshot_values(snapshot_json)
        changes: dict[str, Any] = {}
        for name in CONDITION_FIELDS:
            decision = three_way(snapshot.get(name), local[name], incoming[name])
            if decision is Merge.TAKE:
                changes[name] = incoming[name]
            elif decision is Merge.CONFLICT:
                uow.exchange.close_open_conflicts("condition", cid, name, uow.clock.now())
                result.conflicts.append(uow.exchange.add_conflict(
                    hid, "condition", cid, name, local[name], incoming[name], package_id))
        uow.exchange.update_condition(cid, import_snapshot=snapshot_text(incoming), **changes)
        result.conditions_updated += bool(changes)


def apply_resolution(uow: SqlUnitOfWork, conflict: ImportConflict) -> None:
    """Take VT's value for a conflict the team decided in VT's favour."""
    if conflict.object_type == "person":
        _set_person_field(uow, conflict.object_id, conflict.field, conflict.incoming_value)
    elif conflict.object_type == "household":
        uow.cases.update_household(conflict.object_id, uow.clock.now(),
                                   **{conflict.field: conflict.incoming_value})
    else:
        uow.exchange.update_condition(conflict.object_id,
                                      **{conflict.field: conflict.incoming_value})
