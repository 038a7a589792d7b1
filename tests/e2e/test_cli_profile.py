"""Issue 13 on the command line: ``init --name --role``, ``profile``, ``audit``, ``show --json``
and ``due``, as a script uses them; and, as the issue's "Done when" asks, no operating-system
login anywhere in what the app prints, shows, exports or writes into a PDF."""

from __future__ import annotations

import getpass
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from tests.e2e.cli_support import PASSPHRASE, PROFILE_NAME, Cli

from wijkteam_desk.domain.clock import SystemClock
from wijkteam_desk.domain.monitoring import Outcome
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage.secretstore import NoSecretStore

FAKE_LOGIN = "osgebruiker42"  # what LOGNAME/USER say in the runs below; the app must ignore it
LOGIN_ENV = {"LOGNAME": FAKE_LOGIN, "USER": FAKE_LOGIN, "LNAME": FAKE_LOGIN,
             "USERNAME": FAKE_LOGIN}


def test_init_with_a_profile_then_profile_audit_show_and_due(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    init = cli.run("init", "--team", "Wijkteam Noord", "--name", "Anna de Vries", "--role",
                   "procesregisseur", "--organisation", "Wijkteam Noord")
    assert init.code == 0, init.err
    assert "Je werkt als Anna de Vries (procesregisseur, Wijkteam Noord)." in init.err
    profile = json.loads(cli.run("profile", "--json").out)
    assert (profile["name"], profile["role"], profile["organisation"]) == \
        ("Anna de Vries", "procesregisseur", "Wijkteam Noord")
    member = profile["member_id"]
    assert cli.run("demo-data", "--households", "6", "--seed", "3").code == 0
    changed = cli.run("profile", "--role", "teamleider")
    assert changed.code == 0 and "Naam: Anna de Vries" in changed.out
    assert "Functie: teamleider" in changed.out
    after = json.loads(cli.run("profile", "--json").out)
    assert after["member_id"] == member and after["role"] == "teamleider"

    lines = json.loads(cli.run("audit", "--json", "--limit", "5000").out)
    assert lines[0]["action"] == "vault.create"
    assert {(x["actor"], x["actor_id"]) for x in lines} == {("Anna de Vries", member)}
    assert {x["role"] for x in lines} == {"procesregisseur", "teamleider"}
    hid = next(x["household_id"] for x in lines if x["household_id"] is not None)
    only = json.loads(cli.run("audit", "--json", "--household", str(hid)).out)
    assert only and {x["household_id"] for x in only} == {hid}
    assert "Anna de Vries (teamleider)" in cli.run("audit", "--limit", "3").out

    shown = json.loads(cli.run("show", str(hid), "--json").out)
    assert shown["journal"] and {j["author"] for j in shown["journal"]} == {"Anna de Vries"}
    assert {c["author"] for c in shown["checklists"]} == {"Anna de Vries"}
    assert {p["author"] for p in shown["phase_history"]} == {"Anna de Vries"}
    assert {m["completed_by"] for m in shown["monitoring"]} <= {"Anna de Vries", None}

    due = cli.run("due", "--json", "--days", "30")
    assert due.code == 0, due.err
    items = json.loads(due.out)
    assert items and {i["bucket"] for i in items} <= {"te_laat", "vandaag", "deze_week"}
    today = date.today()
    for i in items:
        assert set(i) >= {"household_id", "household", "kind", "due_on", "days_overdue", "what",
                          "who", "tab", "ref"}
        assert i["days_overdue"] == max(0, (today - date.fromisoformat(i["due_on"])).days)
    monitoring = [i for i in items if i["kind"] == "monitoring"]
    if monitoring:  # a moment id the household file knows
        shown = json.loads(cli.run("show", str(monitoring[0]["household_id"]), "--json").out)
        assert monitoring[0]["ref"] in [m["id"] for m in shown["monitoring"]]
    text = cli.run("due", "--days", "30")
    assert text.code == 0 and items[0]["household"][:20] in text.out
    assert cli.run("due", "--days", "-1").code == 2


def test_a_vault_without_a_profile_and_bad_profile_input(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    init = cli.run("init")  # a script that does not say who: asked later, never the login
    assert init.code == 0 and "profile --name" in init.err
    assert json.loads(cli.run("profile", "--json").out) is None
    assert cli.run("profile", "--role", "consulent").code == 2  # a name is needed first
    bad = cli.run("profile", "--name", "Anna", "--role", "baas")
    assert bad.code == 1 and "Onbekende functie 'baas'" in bad.err
    empty = cli.run("profile", "--name", "  ", "--role", "consulent")
    assert empty.code == 1 and "Vul het veld 'naam' in." in empty.err
    assert json.loads(cli.run("profile", "--json").out) is None  # nothing half stored
    assert cli.run("profile", "--name", "Bram Bakker", "--role", "consulent").code == 0
    assert json.loads(cli.run("audit", "--json", "--limit", "1").out)[0]["actor"] == "Bram Bakker"
    other = Cli(tmp_path / "other")
    only_name = other.run("init", "--name", "Anna")
    assert only_name.code == 2 and "--role" in only_name.err
    assert not (tmp_path / "other" / "vault.db").exists()  # refused before a vault was made


def _logins() -> list[str]:
    """The fake login of these runs, and the real one when it is distinctive enough to grep."""
    names = [FAKE_LOGIN]
    try:
        real = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login known: nothing to look for
        real = ""
    if len(real) >= 3:
        names.append(real)
    return names


def _assert_no_login(label: str, text: str) -> None:
    for login in _logins():
        assert not re.search(rf"\b{re.escape(login)}\b", text, re.IGNORECASE), \
            f"{label} names the OS login {login!r}"


def complete_a_moment(home: Path, household_id: int) -> None:
    """The 3-month form, through the app's services (no command for it)."""
    ws = VaultService(AppPaths(home), NoSecretStore(), SystemClock()).unlock(PASSPHRASE)
    try:
        [moment] = [m for m in ws.monitoring.moments(household_id) if m.offset_months == 3]
        ws.monitoring.complete(moment.id, {}, Outcome.DOORGAAN)
    finally:
        ws.lock()


def test_no_operating_system_login_anywhere_after_the_update(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    run = lambda *a: cli.run(*a, **LOGIN_ENV)  # noqa: E731
    assert cli.init() and PROFILE_NAME
    assert run("demo-data", "--households", "8", "--seed", "5").code == 0
    seen: dict[str, str] = {}
    for command in (("list", "--json"), ("due", "--json", "--days", "60"), ("due",),
                    ("audit", "--json", "--limit", "5000"), ("audit",), ("profile",)):
        r = run(*command)
        assert r.code == 0, r.err
        seen[" ".join(command)] = r.out + r.err
    households = json.loads(seen["list --json"])
    printed_one = False
    # Each command is a new process, the costly part of this test: three files shown and one plan
    # printed cover every way a name reaches the output; more would only repeat them.
    for n, h in enumerate(households):
        if n >= 3 and printed_one:
            break
        shown = run("show", str(h["id"]), "--json")
        seen[f"show {h['id']}"] = shown.out
        plans = json.loads(shown.out)["safety_plans"]
        if plans and not printed_one:
            printed_one = True
            pdf = tmp_path / f"plan-{h['id']}.pdf"
            printed = run("print-plan", str(h["id"]), "--audience", "professional",
                          "--out", str(pdf))
            assert printed.code == 0, printed.err
            seen[f"pdf {h['id']}"] = subprocess.run(
                [shutil.which("pdftotext") or "pdftotext", str(pdf), "-"],
                capture_output=True, text=True, check=True).stdout
    assert any(k.startswith("pdf ") for k in seen), "the demo has a safety plan to print"

    # An export to Veilig Thuis: VT's keys, an overdracht in, a monitoring moment, a package out.
    assert run("vt", "keygen", "--out", str(tmp_path / "vt")).code == 0
    assert run("keys", "export", str(tmp_path / "team")).code == 0
    assert run("keys", "trust", str(tmp_path / "vt"), "--name", "Veilig Thuis").code == 0
    (tmp_path / "o.json").write_text(run("vt", "overdracht", "--example").out, encoding="utf-8")
    assert run("vt", "overdracht", "--in", str(tmp_path / "o.json"), "--identity",
               str(tmp_path / "vt"), "--to", str(tmp_path / "team"), "--out",
               str(tmp_path / "o.age")).code == 0
    assert run("import", str(tmp_path / "o.age")).code == 0
    vt_household = max(h["id"] for h in json.loads(run("list", "--json").out))
    complete_a_moment(cli.home, vt_household)
    exported = run("export", "--out", str(tmp_path / "t.age"), "--kind", "terugkoppeling")
    assert exported.code == 0, exported.err
    opened = run("vt", "open", str(tmp_path / "t.age"), "--identity", str(tmp_path / "vt"),
                 "--trust", str(tmp_path / "team"))
    assert opened.code == 0, opened.err
    seen["export"] = exported.out + opened.out
    seen["audit after"] = run("audit", "--json", "--limit", "5000").out
    assert PROFILE_NAME in seen["audit after"]
    for label, text in seen.items():
        _assert_no_login(label, text)


@pytest.mark.parametrize("login", ["root"])
def test_the_grep_finds_a_login_when_there_is_one(login: str) -> None:
    """The check above would see a login if the app printed one (and not inside a word)."""
    with pytest.raises(AssertionError):
        _assert_no_login("x", f"Auteur: {FAKE_LOGIN}")
    assert not re.search(rf"\b{login}\b", "rooster van de week")
