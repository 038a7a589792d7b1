"""A team's bad days through the real command line (issue 17): three homes — a teamleider and
two consultants — and one plain shared folder. The teamleider takes Ayşe's household over for
Bart; Ayşe's late change is kept for Bart, who chooses per item; a member who still holds a
household cannot be removed; Ayşe is removed and her laptop lets go of the team's households."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.cli_support import PASSPHRASE
from tests.e2e.test_cli_team import Home, fingerprint_of, home, join, rows

from wijkteam_desk.domain.clock import SystemClock
from wijkteam_desk.domain.model import JournalKind
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage.secretstore import NoSecretStore


def _as_app(h: Home) -> Any:
    """The person working in the app (what the command line has no verb for)."""
    service = VaultService(AppPaths(h.home), NoSecretStore(), SystemClock(),
                           Identity(h.name, "test"))
    return service.unlock(PASSPHRASE)


def test_takeover_review_and_removal_on_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "teammap"
    leader, ayse, bart = (home(tmp_path, key, 1, seed)
                          for key, seed in (("leider", 1), ("ayse", 2), ("bart", 3)))
    leader_fp = fingerprint_of(leader.ok("team", "create", "--name", "Wijkteam Oost",
                                         "--folder", str(folder)))
    join(leader, ayse, folder, leader_fp)
    join(leader, bart, folder, leader_fp)
    for h in (leader, ayse, bart, leader):
        h.ok("team", "sync")
    hid = next(i for i, r in rows(ayse).items() if not r["read_only"])
    # A consultant cannot take over; the teamleider can, with a reason.
    refused = bart.run("team", "reassign", str(hid), "--to", bart.name, "--reason", "ik",
                       **bart.who())
    assert refused.code == 1 and "teamleider" in refused.err
    said = leader.ok("team", "reassign", str(hid), "--to", bart.name, "--reason",
                     "Ayşe is ziek; het gezin belt in crisis")
    assert f"overgenomen voor {bart.name}" in said.out
    # Ayşe had not seen it and went on working; her laptop syncs.
    ws = _as_app(ayse)
    try:
        ws.cases.set_next_action(hid, "Ayşe: huisbezoek donderdag")
        ws.cases.add_journal_entry(hid, JournalKind.NOTITIE, "Ayşe sprak de moeder")
    finally:
        ws.lock()
    ayse.ok("team", "sync")
    assert rows(ayse)[hid]["read_only"] is True
    synced = bart.json("team", "sync")
    assert synced["late_changes"] == 1 and synced["refused"] == []
    [review] = bart.json("team", "review", "list")
    assert (review["household"], review["author_name"]) == (hid, ayse.name)
    household = next(c for c in review["changes"] if c["table"] == "household")
    assert household["late"]["next_action"] == "Ayşe: huisbezoek donderdag"
    listed = bart.ok("team", "review", "list")
    assert household["key"] in listed.out and "blijft altijd bewaard" in listed.out
    bart.ok("team", "review", "choose", str(review["id"]), "--take", household["key"])
    assert bart.json("show", str(hid))["next_action"] == "Ayşe: huisbezoek donderdag"
    again = bart.run("team", "review", "choose", str(review["id"]), **bart.who())
    assert again.code == 1 and "al besloten" in again.err
    # Bart still holds his own household and Ayşe's: he cannot be removed yet.
    held = leader.run("team", "remove", bart.name, **leader.who())
    assert held.code == 1 and "Draag ze eerst over" in held.err
    leader.ok("team", "sync")
    leader.ok("team", "remove", ayse.name)
    shown = ayse.ok("team", "sync")
    assert "geen lid meer" in shown.err
    assert ayse.json("list") == []
    for h in (leader, bart):
        h.ok("team", "sync")
        assert ayse.name not in {m["name"] for m in h.json("team", "status")["members"]
                                 if m["current"]}
        assert rows(h)[hid]["owner"] == bart.name
