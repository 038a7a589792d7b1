"""`make run` on a fresh Debian/Ubuntu machine: the check before Qt starts finds the system
libraries Qt's xcb plugin lacks, installs them as root with apt, or prints the one apt-get line.
ldd is faked where a library must be missing; one test runs the real ldd on a plugin copied away
from its Qt libraries, so those are really not found."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wijkteam_desk import qtlibs

ROOT = Path(__file__).resolve().parents[2]
LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux")
PLUGIN = Path("/fake/PySide6/Qt/plugins/platforms/libqxcb.so")
LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f)
\tlibxcb-cursor.so.0 => not found
"""
LDD_OK = "\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)\n"


class FakeSystem:
    """ldd answers from a script; apt-get install makes the libraries appear."""

    def __init__(self, installs: bool = True) -> None:
        self.calls: list[list[str]] = []
        self.installed = False
        self.installs = installs

    def run(self, args, **_kw) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
        self.calls.append(list(args))
        if args[0] == "ldd":
            return subprocess.CompletedProcess(args, 0, LDD_OK if self.installed else LDD_MISSING,
                                               "")
        if args[:2] == ["apt-get", "install"]:
            self.installed = self.installs
            return subprocess.CompletedProcess(args, 0 if self.installs else 100, "", "")
        if args[0] == "apt-cache":
            return subprocess.CompletedProcess(args, 0, f"Package: {args[-1]}\n", "")
        return subprocess.CompletedProcess(args, 0, "", "")

    @staticmethod
    def which(name: str) -> str | None:
        return f"/usr/bin/{name}"


def test_ldd_output_names_what_is_not_found() -> None:
    assert qtlibs.not_found(LDD_MISSING) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
    assert qtlibs.not_found(LDD_OK) == []


@LINUX
def test_a_user_gets_the_one_apt_get_line() -> None:
    system, said = FakeSystem(), []
    status = qtlibs.main(env={}, run=system.run, plugin=PLUGIN, is_root=False,
                         which=system.which, out=said.append)
    assert status == 1
    assert "  sudo apt-get install libxcb-cursor0 libxcb-icccm4" in said[0].splitlines()
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4" in said[0]
    assert not any(c[:2] == ["apt-get", "install"] for c in system.calls)


@LINUX
def test_root_installs_with_apt_and_checks_again() -> None:
    system, said = FakeSystem(), []
    status = qtlibs.main(env={}, run=system.run, plugin=PLUGIN, is_root=True,
                         which=system.which, out=said.append)
    assert status == 0
    install = next(c for c in system.calls if c[:2] == ["apt-get", "install"])
    assert install[-2:] == ["libxcb-cursor0", "libxcb-icccm4"] and "-y" in install
    assert [c[0] for c in system.calls].count("ldd") == 2  # before and after


@LINUX
def test_a_failed_install_still_prints_the_line() -> None:
    system, said = FakeSystem(installs=False), []
    status = qtlibs.main(env={}, run=system.run, plugin=PLUGIN, is_root=True,
                         which=system.which, out=said.append)
    assert status == 1 and "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in said[-1]
    assert ["apt-get", "update", "-q"] in system.calls  # an old package list is refreshed once


@LINUX
def test_check_only_never_installs() -> None:
    system = FakeSystem()
    assert qtlibs.main(["--check-only"], env={}, run=system.run, plugin=PLUGIN, is_root=True,
                       which=system.which, out=lambda _t: None) == 1
    assert not any(c[0] == "apt-get" for c in system.calls)


def test_offscreen_needs_no_x11_libraries() -> None:
    system = FakeSystem()
    assert qtlibs.main(env={"QT_QPA_PLATFORM": "offscreen"}, run=system.run, plugin=PLUGIN,
                       which=system.which) == 0
    assert system.calls == []


def test_renamed_packages_are_found() -> None:
    packages, unknown = qtlibs.packages_for(
        ["libglib-2.0.so.0", "libgthread-2.0.so.0", "libxcb-cursor.so.0", "libfoo.so.9"],
        known=lambda p: p != "libglib2.0-0")
    assert packages == ["libglib2.0-0t64", "libxcb-cursor0"] and unknown == ["libfoo.so.9"]


@LINUX
@pytest.mark.skipif(shutil.which("ldd") is None or qtlibs.xcb_plugin() is None,
                    reason="needs ldd and PySide6's xcb plugin")
def test_real_ldd_on_this_machine_and_on_a_plugin_without_its_libraries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    plugin = qtlibs.xcb_plugin()
    assert plugin is not None
    assert qtlibs.main(["--check-only"], env={}, plugin=plugin) == 0  # this machine runs Qt
    copied = tmp_path / "libqxcb.so"  # away from ../../lib: Qt's own libraries are not found
    shutil.copy(plugin, copied)
    said: list[str] = []
    assert qtlibs.main(["--check-only"], env={}, plugin=copied, out=said.append) == 1
    assert "libQt6XcbQpa.so.6" in said[0] and "apt-file search" in said[0]


@LINUX
@pytest.mark.skipif(shutil.which("ldd") is None or qtlibs.xcb_plugin() is None,
                    reason="needs ldd and PySide6's xcb plugin")
def test_every_system_library_the_plugin_uses_has_a_package() -> None:
    plugin = qtlibs.xcb_plugin()
    assert plugin is not None
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    system = {m for m in re.findall(r"^\s*(\S+) => /(?:usr/)?lib", out, re.M)}
    xcb = {lib for lib in system if lib.startswith(("libxcb", "libxkb", "libX11"))}
    assert xcb and xcb <= set(qtlibs.PACKAGES)


def test_the_readme_and_the_makefile() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if "apt-get install" in x and "libxcb" in x)
    assert set(qtlibs.PACKAGES.values()) <= set(line.split())
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "demo"):
        recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.M)
        assert recipe is not None
        lines = recipe.group(1).splitlines()
        assert "wijkteam_desk.qtlibs" in lines[0] and "gui" in lines[-1]  # check, then start
