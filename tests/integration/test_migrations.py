"""The schema ladder: every released schema's fixture vault migrates to the current one, a backup
is made first, a failing step changes nothing, and the ladder's result equals the models."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import create_engine, inspect
from tests.conftest import CHEAP_KDF
from tests.fixtures.make_vault_fixture import HOUSEHOLDS, PASSPHRASE

from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage import migrations
from wijkteam_desk.storage.migrations import latest_version
from wijkteam_desk.storage.schema import Base
from wijkteam_desk.storage.secretstore import NoSecretStore

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures").glob("vault-v*"))


def copy_fixture(src: Path, tmp_path: Path) -> AppPaths:
    home = tmp_path / "home"
    shutil.copytree(src, home)
    home.chmod(0o700)
    return AppPaths(home)


# The schemas a vault in use can have: those of a released version of the app. Steps 4-7 were
# built together and released at once, so no vault ever had schema 4, 5 or 6. A release that
# adds steps adds its last version here, with its fixture
# (python -m tests.fixtures.make_vault_fixture).
RELEASED = (1, 2, 3, 7)


def test_there_is_a_fixture_for_every_released_schema() -> None:
    versions = {int(p.name.removeprefix("vault-v")) for p in FIXTURES}
    assert versions == set(RELEASED) and latest_version() == max(RELEASED)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_vault_migrates_and_keeps_its_data(fixture: Path, tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    paths = copy_fixture(fixture, tmp_path)
    service = VaultService(paths, NoSecretStore(), clock, Identity("t", "t"), kdf=CHEAP_KDF)
    ws = service.unlock(PASSPHRASE)
    try:
        conn = ws.vault.raw_connection()
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
        assert len(ws.cases.list_cases()) == HOUSEHOLDS
        assert ws.check() == []
    finally:
        ws.lock()
    version = int(fixture.name.removeprefix("vault-v"))
    backups = list((paths.home / "backups").glob("voor-migratie-*.db"))
    assert bool(backups) == (version < latest_version())


def test_a_failing_step_leaves_the_vault_as_it_was(tmp_path, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    paths = copy_fixture(FIXTURES[-1], tmp_path)
    before = paths.database.read_bytes()
    broken_version = latest_version() + 1

    def broken_step(conn) -> None:  # type: ignore[no-untyped-def]
        conn.execute("CREATE TABLE half_done(x)")
        raise RuntimeError("stap mislukt")

    monkeypatch.setitem(migrations.PYTHON_STEPS, broken_version, broken_step)
    service = VaultService(paths, NoSecretStore(), clock, Identity("t", "t"), kdf=CHEAP_KDF)
    with pytest.raises(RuntimeError):
        service.unlock(PASSPHRASE)
    monkeypatch.delitem(migrations.PYTHON_STEPS, broken_version)
    ws = service.unlock(PASSPHRASE)
    try:
        conn = ws.vault.raw_connection()
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in names
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    finally:
        ws.lock()
    assert list((paths.home / "backups").glob("voor-migratie-*.db"))  # backup made first
    del before


def test_ladder_result_equals_the_models(workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    def describe(bind) -> dict[str, object]:  # type: ignore[no-untyped-def]
        insp = inspect(bind)
        out: dict[str, object] = {}
        for table in insp.get_table_names():
            out[table] = (
                sorted((c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table)),
                sorted(str(ix["column_names"]) for ix in insp.get_indexes(table)),
                sorted(str(fk["referred_table"]) for fk in insp.get_foreign_keys(table)),
            )
        return out

    plain = create_engine(f"sqlite:///{tmp_path / 'models.db'}", module=sqlcipher3)
    Base.metadata.create_all(plain)
    assert describe(workspace.vault.engine) == describe(plain)
