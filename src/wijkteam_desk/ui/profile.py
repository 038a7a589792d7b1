"""Who you are: name, role and organisation, as first-run setup, Instellingen and the first
unlock of a vault from before profiles ask for them (domain/profile.py). They go on every record,
print and audit line made on this laptop; the computer's login never does."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

from ..domain.errors import WijkteamError
from ..domain.profile import MAX_NAME, MAX_ORGANISATION, Profile, ProfileRole, make_profile
from ..texts import PROFILE_ROLES
from .form_dialog import FormDialog, ui_error_text
from .widgets.fields import ValueCombo

if TYPE_CHECKING:  # imported when a vault opens, not at start
    from ..services.workspace import Workspace


def role_label(role: str) -> str:
    text = PROFILE_ROLES.get(role, role)
    return text[:1].upper() + text[1:]


class ProfileFields:
    """The three fields, for any form: ``rows`` to lay them out, ``profile`` to read them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        tr = parent.tr if parent is not None else (lambda s: s)
        self.name = QLineEdit(parent)
        self.name.setMaxLength(MAX_NAME)
        self.name.setAccessibleName(tr("Je naam"))
        self.name.setToolTip(tr("Zoals hij in het dossier en in het logboek komt, bijvoorbeeld "
                                "Anna de Vries"))
        self.role = ValueCombo(parent)
        self.role.setAccessibleName(tr("Je functie"))
        self.role.setToolTip(tr("Je functie staat bij alles wat je doet in het logboek"))
        for role in ProfileRole:
            self.role.addItem(role_label(role.value), role)
        self.organisation = QLineEdit(parent)
        self.organisation.setMaxLength(MAX_ORGANISATION)
        self.organisation.setAccessibleName(tr("Je organisatie"))
        self.organisation.setToolTip(tr("Bijvoorbeeld Wijkteam Noord of Sociaal Team Oost "
                                        "(mag leeg)"))
        self._tr = tr

    def rows(self) -> list[tuple[str, QWidget]]:
        tr = self._tr
        return [(tr("Je &naam:"), self.name), (tr("Je f&unctie:"), self.role),
                (tr("Je &organisatie:"), self.organisation)]

    def load(self, profile: Profile | None) -> None:
        self.name.setText(profile.name if profile else "")
        self.role.setCurrentIndex(max(0, self.role.findData(profile.role) if profile else 0))
        self.organisation.setText(profile.organisation if profile else "")

    def values(self) -> tuple[str, str, str]:
        role = self.role.currentData()
        return (self.name.text(), role.value if isinstance(role, ProfileRole) else "",
                self.organisation.text())

    def profile(self) -> Profile:
        """The fields as a checked profile; ``ValidationError`` when something is wrong."""
        return make_profile(*self.values())

    def differs_from(self, profile: Profile | None) -> bool:
        """Whether saving would change the profile (empty fields change no missing profile)."""
        name, role, organisation = self.values()
        if profile is None:
            return bool(name.strip())
        return (" ".join(name.split()), role, " ".join(organisation.split())) != \
            (profile.name, profile.role.value, profile.organisation)


class ProfileDialog(FormDialog):
    """Asked once, at the first unlock of a vault that does not know who works with it."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Wie ben je?"),
            self.tr("Wijkteam Desk zet voortaan bij alles wat je vastlegt, afdrukt of verstuurt "
                    "wie het deed en in welke functie. Ook het logboek laat dat zien. Vul je naam "
                    "en functie in. Wat eerder is vastgelegd, blijft zoals het was."),
            self.tr("&Opslaan"), parent)
        self.workspace = workspace
        self.fields = ProfileFields(self)
        for label, field in self.fields.rows():
            self.add_row(label, field)
        self.fields.load(workspace.profile)

    def try_accept(self) -> None:
        try:
            self.workspace.save_profile(*self.fields.values())
        except WijkteamError as exc:
            self.message.setText(ui_error_text(exc))
            return
        self.accept()


ProfilePrompt = Callable[[QWidget, "Workspace"], bool]


def ask_profile(parent: QWidget, workspace: Workspace) -> bool:
    """The dialog, modal; True when the profile was saved."""
    dialog = ProfileDialog(workspace, parent)
    try:
        return dialog.exec() == ProfileDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
