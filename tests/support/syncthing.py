"""Real Syncthing daemons for the end-to-end tests, reachable over 127.0.0.1 only.

For each home: ``syncthing generate`` writes keys and a config; *before the first start* the
config is edited so that the daemon listens on and dials ``tcp://127.0.0.1:PORT`` only, every
device's address is explicit, and nothing reaches beyond the machine: global and local discovery
off (local discovery broadcasts on the LAN), relays off, NAT traversal and STUN off, usage
reporting refused (``urAccepted`` -1), crash reporting off, automatic upgrades off, no browser.
The GUI/REST API listens on 127.0.0.1 with a random API key. One folder is shared between all
homes; scans are triggered through the REST API, never by waiting for a timer.

Waiting is event-driven with a bounded deadline: the daemon's log line saying the API is up
(read by a drainer thread that is joined on stop), then Syncthing's own event stream
(``/rest/events``, long-polled) for connections and finished items."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOLDER_ID = "wijkteam-teammap"
START_DEADLINE_S = 60.0
# Opener without proxies: a proxy from the environment must never see (or break) loopback calls.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def syncthing_binary() -> str:
    path = shutil.which("syncthing")
    if path is None:
        raise RuntimeError("syncthing is not installed (apt install syncthing; .ci/run does)")
    return path


@dataclass
class Daemon:
    name: str
    home: Path
    folder: Path
    device_id: str
    listen_port: int
    gui_port: int
    api_key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    process: subprocess.Popen[str] | None = None
    log: list[str] = field(default_factory=list)
    _ready: threading.Event = field(default_factory=threading.Event)
    _drainer: threading.Thread | None = None
    _last_event: int = 0

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.listen_port}"

    # -- REST -------------------------------------------------------------------------------
    def rest(self, method: str, path: str, query: dict[str, Any] | None = None,
             body: Any = None, timeout: float = 30.0) -> Any:
        url = f"http://127.0.0.1:{self.gui_port}{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"X-API-Key": self.api_key,
                                                  "Content-Type": "application/json"})
        with _OPENER.open(request, timeout=timeout) as response:
            raw = response.read()
        return json.loads(raw) if raw.strip() else None

    def scan(self) -> None:
        self.rest("POST", "/rest/db/scan", {"folder": FOLDER_ID})

    def events(self, timeout_s: int) -> list[dict[str, Any]]:
        found = self.rest("GET", "/rest/events",
                          {"since": self._last_event, "timeout": timeout_s},
                          timeout=timeout_s + 30)
        if found:
            self._last_event = max(e["id"] for e in found)
        return list(found or [])

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], deadline: float,
                 what: str) -> dict[str, Any]:
        """The first event (since the last one seen) for which ``predicate`` holds, or
        ``TimeoutError`` naming ``what`` once ``deadline`` (``time.monotonic``) has passed."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.name}: no {what} in time; log tail: {self.log[-5:]}")
            for event in self.events(max(1, min(10, int(left)))):
                if predicate(event):
                    return event

    # -- process ----------------------------------------------------------------------------
    def start(self) -> None:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),  # nothing of the user's own Syncthing is touched
            "STNOUPGRADE": "1",
            "STNODEFAULTFOLDER": "1",
            "LANG": "C.UTF-8",
        }
        self.process = subprocess.Popen(
            [syncthing_binary(), "serve", "--home", str(self.home), "--no-browser",
             "--no-restart", "--logflags=0"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env=env)
        self._drainer = threading.Thread(target=self._drain, name=f"syncthing-{self.name}",
                                         daemon=True)
        self._drainer.start()
        if not self._ready.wait(START_DEADLINE_S):
            raise TimeoutError(f"{self.name}: the API did not come up; log: {self.log[-10:]}")

    def _drain(self) -> None:
        # Keeps reading so the daemon never blocks on a full pipe; ends when the pipe closes.
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line.rstrip())
            if "GUI and API listening on" in line:
                self._ready.set()

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.rest("POST", "/rest/system/shutdown", timeout=10)
            except OSError:
                pass
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        if self._drainer is not None:
            self._drainer.join(timeout=30)
        self.process = None


def generate(name: str, base: Path) -> Daemon:
    home = base / f"{name}-syncthing"
    folder = base / f"{name}-teammap"
    folder.mkdir(parents=True)
    (folder / ".stfolder").mkdir()  # Syncthing's marker: the folder is there on purpose
    out = subprocess.run(
        [syncthing_binary(), "generate", "--home", str(home), "--no-default-folder",
         "--skip-port-probing"],
        capture_output=True, text=True, check=True, timeout=120,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(home)})
    match = re.search(r"Device ID: ([A-Z0-9-]{63})", out.stdout + out.stderr)
    assert match, out.stdout + out.stderr
    return Daemon(name, home, folder, match.group(1), free_port(), free_port())


def _set(parent: ET.Element, tag: str, value: str) -> None:
    element = parent.find(tag)
    if element is None:
        element = ET.SubElement(parent, tag)
    element.text = value


def configure(daemon: Daemon, peers: list[Daemon]) -> None:
    """Edit a generated config before the daemon's first start (see the module docstring)."""
    path = daemon.home / "config.xml"
    tree = ET.parse(path)
    root = tree.getroot()
    gui = root.find("gui")
    assert gui is not None
    gui.set("enabled", "true")
    gui.set("tls", "false")
    _set(gui, "address", f"127.0.0.1:{daemon.gui_port}")
    _set(gui, "apikey", daemon.api_key)
    options = root.find("options")
    assert options is not None
    for element in options.findall("listenAddress"):
        options.remove(element)
    ET.SubElement(options, "listenAddress").text = daemon.address
    for element in options.findall("globalAnnounceServer"):
        options.remove(element)
    for tag, value in {
        "globalAnnounceEnabled": "false",
        "localAnnounceEnabled": "false",
        "relaysEnabled": "false",
        "natEnabled": "false",
        "urAccepted": "-1",
        "urSeen": "3",
        "crashReportingEnabled": "false",
        "autoUpgradeIntervalH": "0",
        "startBrowser": "false",
        "announceLANAddresses": "false",
        "stunKeepaliveStartS": "0",
        "stunKeepaliveMinS": "0",
        "restartOnWakeup": "false",
        "setLowPriority": "false",
    }.items():
        _set(options, tag, value)
    for element in options.findall("stunServer"):
        options.remove(element)
    template = root.find("defaults/device")
    assert template is not None
    for device in root.findall("device"):
        root.remove(device)
    for member in [daemon, *peers]:
        device = ET.fromstring(ET.tostring(template))
        device.set("id", member.device_id)
        device.set("name", member.name)
        for element in device.findall("address"):
            device.remove(element)
        device.insert(0, ET.Element("address"))
        device[0].text = member.address
        root.insert(0, device)
    folder_template = root.find("defaults/folder")
    assert folder_template is not None
    folder = ET.fromstring(ET.tostring(folder_template))
    folder.set("id", FOLDER_ID)
    folder.set("label", "Teammap")
    folder.set("path", str(daemon.folder))
    folder.set("type", "sendreceive")
    folder.set("rescanIntervalS", "3600")  # scans come from the test, through the API
    folder.set("fsWatcherEnabled", "false")
    for element in folder.findall("device"):
        folder.remove(element)
    for member in [daemon, *peers]:
        device = ET.SubElement(folder, "device", {"id": member.device_id, "introducedBy": ""})
        ET.SubElement(device, "encryptionPassword")
    root.insert(0, folder)
    tree.write(path, encoding="utf-8", xml_declaration=False)


@contextmanager
def syncthing_homes(base: Path, names: tuple[str, ...] = ("a", "b")) -> Iterator[list[Daemon]]:
    """Start one daemon per name, all sharing ``FOLDER_ID`` and connected to each other; stop
    and reap them all afterwards, whatever happened."""
    daemons = [generate(name, base) for name in names]
    for daemon in daemons:
        configure(daemon, [d for d in daemons if d is not daemon])
    try:
        for daemon in daemons:
            daemon.start()
        yield daemons
    finally:
        for daemon in daemons:
            daemon.stop()


def wait_connected(daemon: Daemon, peer: Daemon, deadline: float) -> None:
    connections = daemon.rest("GET", "/rest/system/connections")["connections"]
    if connections.get(peer.device_id, {}).get("connected"):
        return
    daemon.wait_for(lambda e: e["type"] == "DeviceConnected"
                    and e["data"].get("id") == peer.device_id, deadline,
                    f"connection to {peer.name}")


def wait_arrived(daemon: Daemon, relative: str, deadline: float) -> None:
    """Until Syncthing on ``daemon`` has finished writing ``relative`` into its folder."""
    if (daemon.folder / relative).is_file():
        return
    daemon.wait_for(lambda e: e["type"] == "ItemFinished"
                    and e["data"].get("folder") == FOLDER_ID
                    and e["data"].get("item") == relative
                    and not e["data"].get("error"), deadline, f"arrival of {relative}")
