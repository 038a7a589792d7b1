"""The PyInstaller bundle works on a machine without Python or the virtual environment.

The bundle comes from ``make installer`` when ``WIJKTEAM_DESK_INSTALLER_BUNDLE`` names it (.ci/run
builds it that way first, so CI tests what IT would run), otherwise the test builds one into a
temp folder with installer/build.py. The frozen program then runs with a bare environment (no
PYTHONPATH, no VIRTUAL_ENV, no venv on PATH) from an unrelated working folder. The GUI is not
started here (it needs a display); the Qt libraries it needs are checked with ldd instead."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.e2e.cli_support import PASSPHRASE, REPO

pytestmark = pytest.mark.slow

ENV_BUNDLE = "WIJKTEAM_DESK_INSTALLER_BUNDLE"
NAME = "wijkteam-desk"
LINUX = sys.platform.startswith("linux")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get(ENV_BUNDLE)
    if given:
        path = Path(given)
        assert (path / "_internal").is_dir(), f"{ENV_BUNDLE}={given}: no bundle there " \
            "(did `make installer` fail? see the start of the CI log)"
        return path
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"CI must build the installer: set {ENV_BUNDLE} or install '.[installer]'")
        pytest.skip("PyInstaller not installed: pip install -e '.[installer]' (or make installer)")
    root = tmp_path_factory.mktemp("installer")
    proc = subprocess.run(
        [sys.executable, str(REPO / "installer" / "build.py"), "--dist", str(root / "dist"),
         "--work", str(root / "work")],
        capture_output=True, text=True, timeout=1200, cwd=root)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return root / "dist" / NAME


@dataclass
class Frozen:
    program: Path
    home: Path  # the user's home folder, not the vault folder

    def run(self, *args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
        # A bare environment, as on a laptop that never had Python: nothing points at the repo
        # or the venv; the keyring is the 'fail' one so the test never touches a real keyring.
        env = {
            "PATH": os.pathsep.join(p for p in ("/usr/bin", "/bin") if Path(p).is_dir()),
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "WIJKTEAM_DESK_PASSPHRASE": PASSPHRASE,
            "QT_QPA_PLATFORM": "offscreen",
        }
        for name in ("SYSTEMROOT", "TEMP", "TMP", "USERPROFILE", "LOCALAPPDATA", "APPDATA"):
            if name in os.environ and sys.platform == "win32":  # Windows cannot start without
                env[name] = os.environ[name]
        env.update(extra)
        return subprocess.run([str(self.program), *args], env=env, cwd=cwd, capture_output=True,
                              text=True, timeout=300, stdin=subprocess.DEVNULL)


@pytest.fixture
def frozen(bundle: Path, tmp_path: Path) -> Frozen:
    program = bundle / (f"{NAME}.exe" if sys.platform == "win32" else NAME)
    (tmp_path / "user").mkdir()
    return Frozen(program, tmp_path / "user")


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_frozen_program_keeps_a_demo_vault_outside_its_install_folder(
        bundle: Path, frozen: Frozen, tmp_path: Path) -> None:
    before = tree(bundle)
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()

    version = frozen.run("--version", cwd=cwd)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"{NAME} 0.1.0"

    # No --home: the vault goes to the platform's user data folder (installer/README.md).
    init = frozen.run("init", "--team", "Wijkteam Test", "--region", "Utrecht", cwd=cwd)
    assert init.returncode == 0, init.stderr
    assert "Herstelcode: " in init.stdout
    if LINUX:
        assert (frozen.home / ".local" / "share" / NAME / "vault.db").is_file()

    demo = frozen.run("demo-data", "--households", "5", "--seed", "3", cwd=cwd)
    assert demo.returncode == 0, demo.stderr
    listed = frozen.run("list", "--json", cwd=cwd)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 5

    check = frozen.run("check", "--passphrase-file", str(_secret(tmp_path)), cwd=cwd)
    assert check.returncode == 0, check.stderr
    wrong = frozen.run("check", cwd=cwd, WIJKTEAM_DESK_PASSPHRASE="niet het wachtwoord")
    assert wrong.returncode == 3, wrong.stderr

    # A program installed for all users cannot write into its own folder, and must not try.
    assert tree(bundle) == before
    assert not list(cwd.iterdir())


def test_frozen_program_prints_a_plan_with_the_bundled_fonts(
        frozen: Frozen, tmp_path: Path) -> None:
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    if "print-plan" not in frozen.run("--help", cwd=cwd).stdout:
        pytest.skip("print-plan is not part of this build")
    home = ("--home", str(tmp_path / "vault"))
    assert frozen.run(*home, "init", cwd=cwd).returncode == 0
    assert frozen.run(*home, "demo-data", "--households", "5", "--seed", "3",
                      cwd=cwd).returncode == 0
    ids = [row["id"] for row in json.loads(frozen.run(*home, "list", "--json", cwd=cwd).stdout)]
    out = tmp_path / "pdf"
    out.mkdir()
    # Not every demo household has a current plan yet; at least one of five does.
    errors = []
    for household in ids:
        printed = frozen.run(*home, "print-plan", str(household), "--audience", "professional",
                             "--out", str(out), cwd=cwd)
        if printed.returncode == 0:
            break
        errors.append(printed.stderr)
    else:
        pytest.fail(f"no plan printed: {errors}")
    pdfs = list(out.glob("*.pdf"))
    assert pdfs
    data = pdfs[0].read_bytes()
    assert data.startswith(b"%PDF")
    assert b"DejaVuSans" in data  # embedded from <_MEIPASS>/resources/fonts


def test_frozen_program_checks_exchange_files_against_the_bundled_schemas(
        frozen: Frozen, tmp_path: Path) -> None:
    cwd = tmp_path
    assert frozen.run("vt", "keygen", "--out", "vt", cwd=cwd).returncode == 0
    example = frozen.run("vt", "overdracht", "--example", cwd=cwd)
    assert example.returncode == 0, example.stderr
    (cwd / "good.json").write_text(example.stdout, encoding="utf-8")
    (cwd / "bad.json").write_text('{"vt_case_number": 7}', encoding="utf-8")

    def overdracht(source: str, out: str) -> subprocess.CompletedProcess[str]:
        return frozen.run("vt", "overdracht", "--in", source, "--identity", "vt", "--to", "vt",
                          "--out", out, cwd=cwd)

    good = overdracht("good.json", "good.wdx")
    assert good.returncode == 0, good.stderr
    assert (cwd / "good.wdx").stat().st_size > 0
    bad = overdracht("bad.json", "bad.wdx")
    assert bad.returncode == 4, bad.stderr  # rejected input: the schema was found and applied
    assert not (cwd / "bad.wdx").exists()


@pytest.mark.skipif(not LINUX or not shutil.which("ldd"), reason="ldd: Linux only")
def test_bundle_carries_sqlcipher_and_the_qt_it_needs(bundle: Path) -> None:
    inside = bundle / "_internal"
    [extension] = inside.glob("sqlcipher3/_sqlite3*.so")
    linked = _ldd(extension, inside)
    assert "not found" not in linked
    assert "sqlcipher" not in linked.replace(str(extension), "")  # built in, no system library

    # Everything the offscreen/minimal platforms and printing need resolves inside the bundle
    # (xcb and wayland also need the desktop's own X11/Wayland libraries: installer/README.md).
    plugins = inside / "PySide6" / "Qt" / "plugins"
    needed = [plugins / "platforms" / "libqoffscreen.so", plugins / "platforms" / "libqxcb.so",
              plugins / "printsupport" / "libcupsprintersupport.so",
              *plugins.glob("imageformats/*.so")]
    for library in needed:
        assert library.is_file(), library
    for library in [plugins / "platforms" / "libqoffscreen.so",
                    *inside.glob("PySide6/Qt/lib/libQt6Widgets.so*"),
                    *inside.glob("PySide6/Qt/lib/libQt6PrintSupport.so*")]:
        assert "not found" not in _ldd(library, inside), library


def _ldd(library: Path, search: Path) -> str:
    env = {"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": f"{search}:{search / 'PySide6/Qt/lib'}"}
    return subprocess.run(["ldd", str(library)], capture_output=True, text=True, env=env,
                          check=True).stdout


def _secret(folder: Path) -> Path:
    path = folder / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path
