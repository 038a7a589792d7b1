"""Build the Wijkteam Desk bundle with PyInstaller: ``dist/wijkteam-desk/`` (one folder).

Runs on Linux, Windows and macOS, always for the platform it runs on (PyInstaller does not
cross-compile). Needs the app's dependencies and ``pyinstaller`` in the running Python:
``pip install -e '.[installer]'`` (``make installer`` does this and then runs this script).

    python installer/build.py              # dist/wijkteam-desk/
    python installer/build.py --windowed   # macOS: also dist/Wijkteam Desk.app
    python installer/build.py --dist D --work W   # elsewhere (the installer test does this)

After the build the script checks that the bundle holds what the app looks up at run time and
runs the frozen program's ``--version``; a missing piece fails the build rather than a user.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "installer" / "wijkteam-desk.spec"
NAME = "wijkteam-desk"
ICON_PNG = REPO / "resources" / "icons" / f"{NAME}.png"  # 256 × 256
ICON_SVG = REPO / "resources" / "icons" / f"{NAME}.svg"
DESKTOP_FILE = REPO / "installer" / "linux" / f"{NAME}.desktop"


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    return struct.unpack(">II", data[16:24])


def write_ico(png: bytes, target: Path) -> None:
    """A Windows .ico holding the PNG as is (allowed since Vista), so no imaging library is
    needed at build time; Windows scales it down for small icons."""
    width, height = png_size(png)
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(png), 6 + 16)
    target.write_bytes(header + entry + png)


def write_icns(png: bytes, target: Path) -> None:
    """A macOS .icns with the PNG as its 256 × 256 ('ic08') image."""
    if png_size(png) != (256, 256):
        raise ValueError("the .icns needs a 256 × 256 PNG")
    chunk = b"ic08" + struct.pack(">I", 8 + len(png)) + png
    target.write_bytes(b"icns" + struct.pack(">I", 8 + len(chunk)) + chunk)


def make_icons(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    png = ICON_PNG.read_bytes()
    write_ico(png, folder / f"{NAME}.ico")
    write_icns(png, folder / f"{NAME}.icns")
    return folder


def executable(bundle: Path) -> Path:
    return bundle / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


def internal_dir(bundle: Path) -> Path:
    """PyInstaller 6 puts everything but the programs in ``_internal`` (sys._MEIPASS)."""
    return bundle / "_internal"


def missing_pieces(bundle: Path) -> list[str]:
    """What the app looks up at run time and must therefore be in the bundle."""
    inside = internal_dir(bundle)
    wanted = [
        executable(bundle),
        inside / "resources" / "fonts" / "DejaVuSans.ttf",
        inside / "resources" / "fonts" / "DejaVuSans-Bold.ttf",
        inside / "resources" / "schemas" / "manifest.schema.json",
        inside / "resources" / "icons" / f"{NAME}.png",
    ]
    missing = [str(p.relative_to(bundle)) for p in wanted if not p.is_file()]
    sources = sorted(p.name for p in (REPO / "src" / "wijkteam_desk" / "storage" /
                                      "migrations").glob("*.sql"))
    bundled = internal_dir(bundle) / "wijkteam_desk" / "storage" / "migrations"
    missing += [f"migrations/{n}" for n in sources if not (bundled / n).is_file()]
    # Qt's plugins sit in PySide6/Qt/plugins (Linux, macOS) or PySide6/plugins (Windows).
    for what, patterns in [("the SQLCipher extension", ["sqlcipher3/_sqlite3*"]),
                           ("checklist templates", ["resources/checklists/*.json"]),
                           ("Qt platform plugins", ["PySide6/Qt/plugins/platforms/*",
                                                    "PySide6/plugins/platforms/*"])]:
        if not any(any(inside.glob(pattern)) for pattern in patterns):
            missing.append(what)
    return missing


def add_linux_desktop_files(bundle: Path) -> None:
    """``share/`` laid out like /usr/share, so IT can copy it (see installer/README.md)."""
    apps = bundle / "share" / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    shutil.copy2(DESKTOP_FILE, apps / DESKTOP_FILE.name)
    for size_dir, source in [("256x256", ICON_PNG), ("scalable", ICON_SVG)]:
        target = bundle / "share" / "icons" / "hicolor" / size_dir / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / source.name)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path, windowed: bool, clean: bool) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("PyInstaller ontbreekt. Installeer het met: pip install -e '.[installer]' "
                 "(of gebruik: make installer).")
    icons = make_icons(work / "icons")
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level",
               "WARN", "--distpath", str(dist), "--workpath", str(work / "pyinstaller")]
    if clean:
        command.append("--clean")
    command += ["--", "--icon-dir", str(icons)]
    if windowed:
        command.append("--windowed")
    subprocess.run(command, check=True, cwd=REPO)
    bundle = dist / NAME
    if sys.platform.startswith("linux"):
        add_linux_desktop_files(bundle)
    return bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=REPO / "build", help="build cache folder")
    parser.add_argument("--windowed", action="store_true",
                        help="macOS: make 'Wijkteam Desk.app' (no terminal window)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    args = parser.parse_args(argv)
    if args.windowed and sys.platform != "darwin":
        parser.error("--windowed is for the macOS .app bundle only")

    started = time.monotonic()
    bundle = build(args.dist.resolve(), args.work.resolve(), args.windowed, args.clean)
    missing = missing_pieces(bundle)
    if missing:
        print("Bundle incomplete, missing: " + ", ".join(missing), file=sys.stderr)
        return 1
    version = subprocess.run([str(executable(bundle)), "--version"], capture_output=True,
                             text=True, timeout=120, cwd=args.work)
    if version.returncode != 0:
        print(f"The frozen program does not start:\n{version.stderr}", file=sys.stderr)
        return 1
    print(f"{version.stdout.strip()}: {bundle} ({folder_size(bundle) / 1e6:.0f} MB) "
          f"built in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
