"""What makes the app lock (S6, S7, S9) and what locking clears besides the vault (S16).

- ``IdleWatcher``: an application-wide event filter. Only real input (keys, mouse, wheel, touch)
  restarts the idle time; a periodic check against an injected clock locks after the timeout, so
  tests move a fake clock instead of sleeping. The same filter catches the panic keys, because a
  ``QShortcut`` does not fire while a modal dialog (say, a message box) is open.
- ``SystemLockWatcher``: system sleep and screen lock via D-Bus where there is a bus (Linux), and
  the application being suspended (mobile-style platforms, some macOS cases).
- ``ClipboardGuard``: copies sensitive text with "do not keep this" hints and clears it after a
  while, on lock and on quit, but only while the clipboard still holds what we put there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent

from ..domain.clock import Clock

PANIC_KEYS = ((Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
               | Qt.KeyboardModifier.ShiftModifier),
              (Qt.Key.Key_F12, Qt.KeyboardModifier.NoModifier))
PANIC_SEQUENCES = ("Ctrl+Shift+L", "F12")

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
})
_MODIFIER_MASK = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
                  | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier)


def is_panic_key(event: QKeyEvent) -> bool:
    mods = event.modifiers() & _MODIFIER_MASK
    return any(event.key() == key and mods == wanted for key, wanted in PANIC_KEYS)


class IdleWatcher(QObject):
    """Calls ``on_idle`` once after ``minutes`` without user input; ``on_panic`` on a panic key.

    ``check()`` is what the timer calls; tests call it directly after moving the clock."""

    def __init__(self, clock: Clock, minutes: int, on_idle: Callable[[], None],
                 on_panic: Callable[[], None] | None = None, check_interval_ms: int = 5000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._timeout = timedelta(minutes=minutes)
        self._on_idle = on_idle
        self._on_panic = on_panic
        self._last_input: datetime = clock.now()
        self._running = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check)
        self._installed = False

    def install(self) -> None:
        app = QGuiApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        app = QGuiApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    @property
    def running(self) -> bool:
        return self._running

    def set_minutes(self, minutes: int) -> None:
        self._timeout = timedelta(minutes=minutes)

    def start(self) -> None:
        self._last_input = self._clock.now()
        self._running = True
        self._timer.start()

    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    def idle_for(self) -> timedelta:
        return self._clock.now() - self._last_input

    @Slot()
    def check(self) -> None:
        # A wall clock that jumped (the laptop slept) counts as idle time: that should lock too.
        if self._running and self.idle_for() >= self._timeout:
            self.stop()
            self._on_idle()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind in _INPUT_EVENTS:
            self._last_input = self._clock.now()
            if (kind == QEvent.Type.KeyPress and self._on_panic is not None
                    and isinstance(event, QKeyEvent) and is_panic_key(event)):
                self._on_panic()
                return True
        return False


class SystemLockWatcher(QObject):
    """Emits ``lock_requested`` when the system goes to sleep, the screen locks, or the app is
    suspended. Missing D-Bus, a missing bus or a missing service are silently ignored."""

    lock_requested = Signal(str)

    _SCREENSAVERS = (
        ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
         "org.freedesktop.ScreenSaver"),
        ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.subscriptions: list[str] = []

    def start(self) -> None:
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.on_application_state)
        self._subscribe_dbus()

    def _subscribe_dbus(self) -> None:
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        try:
            system = QDBusConnection.systemBus()
            if system.isConnected() and system.connect(
                    "org.freedesktop.login1", "/org/freedesktop/login1",
                    "org.freedesktop.login1.Manager", "PrepareForSleep", self,
                    SLOT("on_prepare_for_sleep(bool)")):
                self.subscriptions.append("login1")
            session = QDBusConnection.sessionBus()
            if session.isConnected():
                for service, path, interface in self._SCREENSAVERS:
                    if session.connect(service, path, interface, "ActiveChanged", self,
                                       SLOT("on_screensaver_active(bool)")):
                        self.subscriptions.append(service)
        except Exception:  # noqa: BLE001 - no bus or a broken one: nothing to listen to
            return

    @Slot(bool)
    def on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.lock_requested.emit("sleep")

    @Slot(bool)
    def on_screensaver_active(self, active: bool) -> None:
        if active:
            self.lock_requested.emit("screen_lock")

    @Slot(Qt.ApplicationState)
    def on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock_requested.emit("suspended")


OUR_FORMAT = "application/x-wijkteam-desk"
_SECRET_HINTS = {
    "x-kde-passwordManagerHint": b"secret",
    "application/x-nspasteboard-concealed-type": b"secret",
    "ExcludeClipboardContentFromMonitorProcessing": b"\x01\x00\x00\x00",
}


class ClipboardGuard(QObject):
    """Sensitive copies go through here. Our marker format tells "still ours" apart from
    whatever the user copied afterwards, also from another program."""

    def __init__(self, clear_after_ms: int = 20_000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_if_ours)

    def copy(self, text: str) -> None:
        data = QMimeData()
        data.setText(text)
        data.setData(OUR_FORMAT, b"1")
        for fmt, value in _SECRET_HINTS.items():
            data.setData(fmt, value)
        QGuiApplication.clipboard().setMimeData(data)
        self._timer.start()

    @staticmethod
    def holds_ours() -> bool:
        data = QGuiApplication.clipboard().mimeData()
        return data is not None and data.hasFormat(OUR_FORMAT)

    @Slot()
    def clear_if_ours(self) -> None:
        self._timer.stop()
        if self.holds_ours():
            QGuiApplication.clipboard().clear()
