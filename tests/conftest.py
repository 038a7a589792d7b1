from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.keyrings import MemoryKeyring  # noqa: E402

from wijkteam_desk.domain.clock import FixedClock  # noqa: E402
from wijkteam_desk.paths import AppPaths  # noqa: E402
from wijkteam_desk.services.identity import Identity  # noqa: E402
from wijkteam_desk.services.vaults import VaultService  # noqa: E402
from wijkteam_desk.services.workspace import Workspace  # noqa: E402
from wijkteam_desk.storage.keyfile import KdfParams  # noqa: E402
from wijkteam_desk.storage.secretstore import KeyringSecretStore, NoSecretStore  # noqa: E402

PASSPHRASE = "een lang wachtwoord"
CHEAP_KDF = KdfParams(time_cost=1, memory_cost_kib=8192, parallelism=1)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 22, 10, 0, tzinfo=UTC))


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "home")


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def vault_service(paths: AppPaths, clock: FixedClock) -> VaultService:
    return VaultService(
        paths, NoSecretStore(), clock, Identity("tester", "testapparaat"), kdf=CHEAP_KDF
    )


@pytest.fixture
def bound_service(
    paths: AppPaths, clock: FixedClock, memory_keyring: MemoryKeyring
) -> VaultService:
    """A vault service on a machine with a (test) keyring: the vault gets device-bound."""
    return VaultService(
        paths,
        KeyringSecretStore(memory_keyring),
        clock,
        Identity("tester", "testapparaat"),
        kdf=CHEAP_KDF,
    )


def assert_caseload_table_current(ws: Workspace, complete: bool = True) -> None:
    """The caseload and agenda tables say what the case file says: every change a test made
    through the services (or a team sync brought) rewrote its household's entries in the same
    transaction. ``complete``: every household has its entries (a restore of a team laptop
    leaves some to the dashboard, which makes a missing one; those are not compared)."""
    import json

    from sqlalchemy import select

    from wijkteam_desk.storage import agenda
    from wijkteam_desk.storage.caseload import FACTS_VERSION
    from wijkteam_desk.storage.models_agenda import AgendaEntryRow

    with ws.unit_of_work() as uow:
        if complete:
            assert uow.caseload.stale() == []
        today = uow.clock.today()
        assert uow.caseload.entries(today) == uow.caseload.entries(today, live=True)
        a = AgendaEntryRow
        stored = {hid: (due, closing, json.loads(items)) for hid, due, closing, items in
                  uow.session.execute(select(a.household_id, a.due_on, a.closing_on, a.items)
                                      .where(a.facts_version == FACTS_VERSION))}
        computed = {hid: (*agenda.index_columns(part), part)
                    for hid, part in agenda.agenda_facts(uow.session, None).items()
                    if complete or hid in stored}
        assert stored == computed


@pytest.fixture
def workspace(vault_service: VaultService, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    ws, _code = vault_service.create(PASSPHRASE, "Wijkteam Test", "Utrecht")
    yield ws
    # After every test that worked through the services; a test marked ``storage_only`` writes
    # with a repository directly, below the unit of work's bookkeeping.
    if ws.vault.is_open and request.node.get_closest_marker("storage_only") is None:
        assert_caseload_table_current(ws)
    ws.lock()


def reopen(service: VaultService, ws: Workspace) -> Workspace:
    ws.lock()
    return service.unlock(PASSPHRASE)
