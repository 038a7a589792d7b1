"""Before Qt starts on Linux: are the system libraries its window plugin (xcb) needs there?

The PySide6 wheel brings Qt but not the X11/xcb libraries of the system; on a fresh Debian or
Ubuntu machine Qt then stops with "Could not load the Qt platform plugin xcb". ``make run`` and
``make demo`` run ``python -m wijkteam_desk.qtlibs`` first. It reads the plugin's dependencies
with ``ldd`` (what is ``not found``), and then either installs the packages (as root, with apt)
or prints the one ``apt-get install`` line that does. Exit status 0 when Qt can start.

No Qt import here: this must work exactly when Qt cannot."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

# Library (soname) → Debian/Ubuntu package. The xcb plugin's needs, read with ldd from PySide6's
# libqxcb.so and libQt6XcbQpa.so; the README lists the same packages.
PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}
Runner = Callable[..., subprocess.CompletedProcess[str]]
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.M)


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def not_found(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` could not find, in its order, each once."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def missing_libraries(plugin: Path, run: Runner = subprocess.run) -> list[str]:
    result = run(["ldd", str(plugin)], capture_output=True, text=True, check=False)
    return not_found(result.stdout + result.stderr)


def packages_for(libraries: Sequence[str], known: Callable[[str], bool] = lambda _p: True,
                 ) -> tuple[list[str], list[str]]:
    """(packages to install, libraries we know no package for). ``known`` says whether apt
    knows a package name; Debian trixie / Ubuntu 24.04 renamed some (``…t64``)."""
    packages: list[str] = []
    unknown: list[str] = []
    for library in libraries:
        package = PACKAGES.get(library)
        if package is None:
            unknown.append(library)
            continue
        if not known(package) and known(package + "t64"):
            package += "t64"
        if package not in packages:
            packages.append(package)
    return packages, unknown


def _apt_knows(run: Runner) -> Callable[[str], bool]:
    def known(package: str) -> bool:
        result = run(["apt-cache", "show", "--no-all-versions", package], capture_output=True,
                     text=True, check=False)
        return result.returncode == 0 and bool(result.stdout.strip())
    return known


def message(libraries: Sequence[str], packages: Sequence[str], unknown: Sequence[str]) -> str:
    lines = ["Wijkteam Desk kan nog geen venster openen: deze systeembibliotheken van Qt "
             "ontbreken:", "  " + ", ".join(libraries)]
    if packages:
        lines += ["Installeer ze met deze opdracht en start daarna opnieuw:",
                  "  sudo apt-get install " + " ".join(packages)]
    if unknown:
        lines += ["Voor " + ", ".join(unknown) + " is het pakket niet bekend. Zoek het met: "
                  "apt-file search " + unknown[0]]
    return "\n".join(lines)


def main(argv: Sequence[str] = (), *, env: Mapping[str, str] | None = None,
         run: Runner = subprocess.run, plugin: Path | None = None,
         is_root: bool | None = None, which: Callable[[str], str | None] = shutil.which,
         out: Callable[[str], None] | None = None) -> int:
    """0 when Qt can open a window (or there is nothing to check); 1 with the message that
    says what to install. ``--check-only``: never install, also as root."""
    env = os.environ if env is None else env
    say = out or (lambda text: print(text, file=sys.stderr))
    if not sys.platform.startswith("linux"):
        return 0
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and "xcb" not in platform:  # offscreen, wayland: not the X11 plugin
        return 0
    plugin = plugin or xcb_plugin()
    if plugin is None or which("ldd") is None:
        return 0  # nothing to check with; Qt's own message will say what is wrong
    missing = missing_libraries(plugin, run)
    if not missing:
        return 0
    has_apt = which("apt-get") is not None
    known = _apt_knows(run) if which("apt-cache") else (lambda _p: True)
    packages, unknown = packages_for(missing, known if has_apt else (lambda _p: True))
    root = os.geteuid() == 0 if is_root is None else is_root
    if root and has_apt and packages and "--check-only" not in argv:
        say("Systeembibliotheken voor Qt installeren: " + " ".join(packages))
        install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
        apt_env = {**env, "DEBIAN_FRONTEND": "noninteractive"}
        if run(install, env=apt_env, check=False).returncode != 0:
            run(["apt-get", "update", "-q"], env=apt_env, check=False)  # an old package list
            run(install, env=apt_env, check=False)
        missing = missing_libraries(plugin, run)
        if not missing:
            return 0
        packages, unknown = packages_for(missing, known)
    say(message(missing, packages, unknown))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
