"""Gezinsleden & netwerk: member dialog with roles, relationships, network, professionals, the
family diagram, and privacy masking in the members table."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from wijkteam_desk.domain.model import (
    Certainty,
    NetworkStance,
    PersonRole,
    RelationshipKind,
    Role,
)
from wijkteam_desk.ui.context import MASK
from wijkteam_desk.ui.household.genogram_layout import layout
from wijkteam_desk.ui.household.member_dialogs import (
    InvolveDialog,
    MemberDialog,
    NetworkDialog,
    ProfessionalDialog,
    RelationshipDialog,
)
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.models.household import MembersModel, NetworkModel

from .content_fixtures import ctx, errors, family  # noqa: F401


def make_page(ctx, qtbot, hid):  # noqa: F811
    page = HouseholdPage(ctx, hid)
    qtbot.addWidget(page)
    page.set_current_tab(page.TAB_MEMBERS)
    return page


def test_new_household_with_members_and_roles_through_dialogs(ctx, qtbot, errors):  # noqa: F811
    from wijkteam_desk.ui.household.dialogs import NewHouseholdDialog
    new = NewHouseholdDialog(ctx)
    qtbot.addWidget(new)
    assert not new.submit()  # no name
    assert errors == ["Vul het veld 'naam' in."]
    new.fill("Gezin Bakker", opened=date(2026, 11, 1), from_vt=True)
    assert not new.submit()  # from VT without a handover date
    assert errors[-1] == "Vul de datum van de overdracht door Veilig Thuis in."
    assert new.name.text() == "Gezin Bakker"  # nothing lost
    new.fill("Gezin Bakker", opened=date(2026, 11, 1), from_vt=True,
             handover=date(2026, 11, 3), vt_number="VT-42")
    assert new.submit()
    hid = new.result_value
    page = make_page(ctx, qtbot, hid)

    dialog = MemberDialog(ctx, hid, parent=page)
    dialog.fill("Noor", "Bakker", birth=date(1991, 4, 2), roles=(
        PersonRole(Role.SLACHTOFFER), PersonRole(Role.OUDER)), address="Laan 1",
        phone="06-11111111")
    assert dialog.submit()
    dialog = MemberDialog(ctx, hid, parent=page)
    dialog.given.setText("Tom")
    dialog.family.setText("Visser")
    dialog.roles.boxes[Role.PLEGER][0].setChecked(True)
    dialog.roles.boxes[Role.PLEGER][1].setCurrentIndex(1)  # vermoeden
    dialog.lives.setChecked(False)
    assert dialog.submit()
    model = page.members.members_model
    assert model.rowCount() == 2
    assert model.text(0, MembersModel.COL_ROLES) == "slachtoffer, ouder/verzorger"
    assert model.text(1, MembersModel.COL_ROLES) == "pleger (vermoeden)"
    assert model.text(1, MembersModel.COL_LIVES) == "nee, elders"
    person = ctx.workspace.cases.open_file(hid).file.persons[1]
    assert person.roles == (PersonRole(Role.PLEGER, Certainty.VERMOEDEN),)


def test_member_dialog_refuses_and_keeps_input(ctx, family, qtbot, errors):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    dialog = MemberDialog(ctx, family.household_id, parent=page)
    dialog.fill("", "Jansen", note="Belangrijk")
    assert not dialog.submit()
    assert errors == ["Vul het veld 'voornaam' in."]
    assert dialog.family.text() == "Jansen" and dialog.note.toPlainText() == "Belangrijk"


def test_edit_member_changes_roles(ctx, family, qtbot):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    father = page.view.file.person(family.father)
    dialog = MemberDialog(ctx, family.household_id, father, page)
    assert dialog.given.text() == "Mark"
    assert dialog.roles.roles()[0] == PersonRole(Role.PLEGER, Certainty.VERMOEDEN)
    dialog.roles.boxes[Role.PLEGER][1].setCurrentIndex(0)  # bevestigd
    dialog.phone.setText("06-22222222")
    assert dialog.submit()
    updated = page.view.file.person(family.father)
    assert PersonRole(Role.PLEGER, Certainty.BEVESTIGD) in updated.roles
    assert updated.phone == "06-22222222"


def test_relationship_network_and_professionals(ctx, family, qtbot, errors):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    rel = RelationshipDialog(ctx, page.view, page)
    rel.fill(family.child, RelationshipKind.BROER_ZUS, family.child)
    assert not rel.submit()
    assert errors == ["Een relatie gaat over twee verschillende personen."]
    rel.fill(family.child, RelationshipKind.BROER_ZUS, family.baby, start=date(2024, 2, 10))
    assert rel.submit()
    assert page.members.relationships_model.rowCount() == 6

    net = NetworkDialog(ctx, family.household_id, page)
    net.fill("Kees Bos", "oom", NetworkStance.BEDREIGEND, note="Dreigde via WhatsApp")
    assert net.submit()
    model = page.members.network_model
    row = [r.name for r in model.rows].index("Kees Bos")
    assert model.text(row, NetworkModel.COL_STANCE) == "⚠ bedreigend"
    colour = model.data(model.index(row, NetworkModel.COL_NAME), Qt.ItemDataRole.ForegroundRole)
    assert colour.color().name() == "#b00020"

    pro = ProfessionalDialog(ctx, page)
    pro.fill("Anna Kok", "GGZ Centraal", function="behandelaar")
    assert pro.submit()
    involve = InvolveDialog(ctx, family.household_id, page)
    involve.fill(pro.result_value, "behandelaar", start=date(2026, 11, 1))
    assert involve.submit()
    names = [r.professional.name for r in page.members.involvements_model.rows]
    assert names == ["Anna Kok"]
    assert "GGZ Centraal" in page.overview.pros_label.text()


def test_privacy_masks_members_table_live(ctx, family, qtbot):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    model = page.members.members_model
    row = [p.id for p in model.rows].index(family.mother)
    shown = {c: model.text(row, c) for c in range(model.columnCount())}
    assert shown[MembersModel.COL_BIRTH] == "17-05-1990"
    assert shown[MembersModel.COL_ADDRESS] == "Kerkstraat 12, 3512AB Utrecht"
    assert shown[MembersModel.COL_PHONE] == "06-12345678"
    assert shown[MembersModel.COL_NOTE] == "Wil geen contact met vader."
    ctx.set_privacy(True)
    for col in (MembersModel.COL_BIRTH, MembersModel.COL_ADDRESS, MembersModel.COL_PHONE,
                MembersModel.COL_NOTE):
        assert model.text(row, col) == MASK
        assert model.data(model.index(row, col), Qt.ItemDataRole.ToolTipRole) == MASK
    assert model.text(row, MembersModel.COL_NAME) == "Sanne de Vries"  # names stay
    net = page.members.network_model
    assert all(net.text(r, NetworkModel.COL_PHONE) in (MASK, "") for r in range(net.rowCount()))
    assert page.privacy_label.isVisibleTo(page)
    ctx.set_privacy(False)
    assert model.text(row, MembersModel.COL_PHONE) == "06-12345678"


def _scene_texts(page) -> list[str]:
    return [i.text() for i in page.members.genogram.scene().items()
            if isinstance(i, QGraphicsSimpleTextItem)]


def test_family_diagram_layout_and_privacy(ctx, family, qtbot):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    file = page.view.file
    lay = layout(file, ctx.workspace.clock.today())
    boxes = list(lay.boxes.values()) + list(lay.network.values())
    for i, a in enumerate(boxes):  # nothing overlaps
        for b in boxes[i + 1:]:
            assert not a.intersects(b)
    # parents one row above their children; the father (living elsewhere) outside the frame
    assert lay.levels[family.mother] == lay.levels[family.father] == 0
    assert lay.levels[family.child] == lay.levels[family.baby] == 1
    assert not lay.household_frame.intersects(lay.boxes[family.father])
    assert lay.household_frame.contains(lay.boxes[family.child])
    texts = _scene_texts(page)
    assert "Sanne de Vries" in texts and "36 jaar" in texts
    assert "⚠ bedreigend" in texts and "Woont elders" in texts
    ctx.set_privacy(True)
    texts = _scene_texts(page)
    assert "Sanne de Vries" in texts
    assert not any(t.endswith(" jaar") for t in texts)  # ages hidden in huisbezoekmodus
