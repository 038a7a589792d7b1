"""Projection of a ``SafetyPlan`` onto the print model of one audience (see ``print_model`` for
the rules per audience). ``copy_rule`` decides the profile from who reads the copy; each
``_for_*`` function copies, field by field, only what that profile may read; ``project_plan``
then checks the result against ``ALLOWED_SECTIONS``."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from wijkteam_desk.domain.safety_plan import (
    EMERGENCY_PHONE,
    VEILIG_THUIS_PHONE,
    ContactDetails,
    PartyKind,
    PartyRef,
    PlanStatus,
    SafetyCondition,
    SafetyPlan,
    conditions_of,
)

from .document import dutch_date, short_id
from .print_model import (
    INTROS,
    KIND_LABELS,
    KINDERTELEFOON_LABEL,
    KINDERTELEFOON_PHONE,
    REVIEW_LABELS,
    ROLE_LABELS,
    SECRET_PHONE_TEXT,
    SECRET_TEXT,
    SHELTER_TEXT,
    Audience,
    AudienceKind,
    CopyRule,
    PrintAgreement,
    PrintChild,
    PrintCondition,
    PrintContact,
    PrintGoal,
    PrintLine,
    PrintPlan,
    Reader,
    Redactor,
    contact_values,
    copy_rule,
    digits,
    enforce_allow_list,
)


def _address(c: ContactDetails) -> str:
    return ", ".join(x for x in (c.address, f"{c.postcode} {c.city}".strip()) if x)


def _roles(party: PartyRef) -> str:
    return ", ".join(ROLE_LABELS.get(r, str(r)) for r in party.roles)


def _footer(plan: SafetyPlan) -> str:
    day = plan.fixed_on or plan.created_on
    return f"Vertrouwelijk — versie {plan.version} — {dutch_date(day)}"


def _status_line(plan: SafetyPlan) -> str:
    if plan.status is PlanStatus.VASTGESTELD:
        return f"Vastgesteld op {dutch_date(plan.fixed_on)}"
    if plan.status is PlanStatus.VERVANGEN:
        return "Vervangen door een nieuwere versie. Dit plan geldt niet meer."
    return "Concept: nog niet vastgesteld en nog niet ondertekend"


def _emergency(plan: SafetyPlan, only_public: bool, clean: Redactor) -> tuple[PrintLine, ...]:
    contacts = [
        c
        for c in plan.emergency_contacts
        if not only_public or c.party is None or c.party.kind is PartyKind.PROFESSIONAL
    ]
    lines = [PrintLine(clean(c.label), clean(c.phone)) for c in contacts]
    phones = {digits(line.value) for line in lines}
    # 112 and Veilig Thuis belong on every copy, even when someone deleted them from the plan.
    if digits(EMERGENCY_PHONE) not in phones:
        lines.insert(0, PrintLine("Bij direct gevaar", EMERGENCY_PHONE))
    if digits(VEILIG_THUIS_PHONE) not in phones:
        lines.append(PrintLine("Veilig Thuis (gratis, dag en nacht)", VEILIG_THUIS_PHONE))
    return tuple(lines)


def _goals(plan: SafetyPlan, clean: Redactor, only_for: PartyRef | None) -> tuple[PrintGoal, ...]:
    goals = []
    for goal in plan.goals:
        agreements = tuple(
            PrintAgreement(
                clean(a.what),
                a.who.name,
                dutch_date(a.by_when, "doorlopend"),
                a.supervisor.name if a.supervisor else "",
            )
            for a in goal.agreements
            if only_for is None or a.who.key == only_for.key
        )
        if agreements or only_for is None:
            goals.append(PrintGoal(clean(goal.text), agreements))
    return tuple(goals)


def _steps(
    plan: SafetyPlan, clean: Redactor, viewer: PartyRef | None, every_step: bool = False
) -> tuple[str, ...]:
    """Steps for everyone, plus the viewer's own; ``every_step`` (professional) shows them all.
    A step for one person often says where that person goes, so others never read it."""
    return tuple(
        clean(f"{s.who.name}: {s.text}" if s.who and every_step else s.text)
        for s in plan.steps
        if every_step or s.who is None or (viewer is not None and s.who.key == viewer.key)
    )


def _signatures(
    plan: SafetyPlan, only_for: PartyRef | None, left_off: Sequence[PartyRef] = ()
) -> tuple[PrintLine, ...]:
    """Who signed (a vastgesteld plan) or signs (a concept). Someone left off a family copy
    signs their own copy instead."""
    if plan.signatures:
        lines = [(s.party, dutch_date(s.signed_on)) for s in plan.signatures]
    else:
        lines = [(p.party, "") for p in plan.participants]
    off = {p.key for p in left_off}
    return tuple(
        PrintLine(party.name, day)
        for party, day in lines
        if (only_for is None or party.key == only_for.key) and party.key not in off
    )


def _summary(plan: SafetyPlan, restricted: bool) -> tuple[PrintLine, ...]:
    lines = [PrintLine("Gemaakt door", plan.made_by)]
    if not restricted and plan.made_with:
        lines.append(PrintLine("Samen met", ", ".join(plan.made_with)))
    return tuple(lines)


def _children(plan: SafetyPlan, clean: Redactor, only: PartyRef | None) -> tuple[PrintChild, ...]:
    return tuple(
        PrintChild(
            c.child.name,
            clean(c.about),
            tuple(clean(x) for x in c.if_unsafe),
            tuple(a.name for a in c.trusted_adults),
        )
        for c in plan.children
        if only is None or c.child.key == only.key
    )


def _place_contact(name: str, detail: str, c: ContactDetails, professional: bool) -> PrintContact:
    if c.secret_address and not professional:
        return PrintContact(name, detail, SECRET_TEXT, SECRET_PHONE_TEXT)
    address = _address(c) + (" (geheim adres: niet doorgeven)" if c.secret_address else "")
    return PrintContact(name, detail, address, c.phone)


def project_plan(
    plan: SafetyPlan,
    audience: Audience | str,
    conditions: Sequence[SafetyCondition] = (),
    household: Sequence[Reader] = (),
) -> PrintPlan:
    """The print model of ``plan`` for ``audience``, redacted for the strictest of its readers
    (``copy_rule``; ``household`` is who lives in the house today). Raises
    ``ValidationError('unknown_audience')`` or ``('unknown_person', person_id=...)`` when the
    person is neither in the plan nor a household member. Pure: no I/O."""
    rule = copy_rule(plan, audience, household)
    person = rule.readers[0] if rule.audience.kind is AudienceKind.PERSOON else None
    if rule.profile == "professional":
        model = _for_professional(plan, conditions)
    elif rule.profile == "persoon-beperkt":
        assert person is not None
        model = _for_restricted(plan, person)
    elif rule.profile == "persoon-kind":
        assert person is not None
        model = _for_child(plan, person)
    elif rule.profile == "gezin-beperkt":
        model = _for_family_restricted(plan, conditions, rule)
    else:
        model = _for_family(plan, conditions, person, rule.left_off)
    return enforce_allow_list(model, rule.profile)


def _base(plan: SafetyPlan, audience: str, line: str, voice: str, intro: str) -> PrintPlan:
    return PrintPlan(
        audience=audience,
        audience_line=line,
        voice=voice,
        version=plan.version,
        status_line=_status_line(plan),
        footer=_footer(plan),
        intro=intro,
    )


def _evaluation(plan: SafetyPlan) -> tuple[PrintLine, ...]:
    lines = [PrintLine("Datum", dutch_date(plan.evaluate_on, "nog niet afgesproken"))]
    if plan.evaluate_with:
        lines.append(PrintLine("Met wie", ", ".join(plan.evaluate_with)))
    return tuple(lines)


def _for_professional(plan: SafetyPlan, conditions: Sequence[SafetyCondition]) -> PrintPlan:
    keep = Redactor()  # the professional reads everything as written
    base = _base(
        plan,
        "professional",
        "Exemplaar voor de hulpverlener: bevat geheime gegevens",
        "wij",
        INTROS["professional"],
    )

    def review(c: SafetyCondition) -> str:
        r = c.latest_review
        if r is None:
            return "nog niet gecontroleerd"
        note = f": {r.note}" if r.note else ""
        return f"{dutch_date(r.on)}: {REVIEW_LABELS.get(r.status.value, r.status.value)}{note}"

    return dataclasses.replace(
        base,
        summary=_summary(plan, restricted=False),
        emergency=_emergency(plan, only_public=False, clean=keep),
        participants=tuple(
            _place_contact(
                p.party.name,
                " · ".join(x for x in (KIND_LABELS[p.party.kind], _roles(p.party)) if x),
                p.contact,
                professional=True,
            )
            for p in plan.participants
        ),
        conditions=tuple(
            PrintCondition(c.text, f"{c.set_by}, {dutch_date(c.set_on)}", review(c))
            for c in conditions_of(plan, conditions)
        ),
        goals=_goals(plan, keep, None),
        warning_signs=plan.warning_signs,
        steps=_steps(plan, keep, None, every_step=True),
        safe_places=tuple(
            _place_contact(p.name, "opvang" if p.shelter else "", p.contact, professional=True)
            for p in plan.safe_places
        ),
        safe_people=tuple(
            _place_contact(p.person.name, "", p.contact, professional=True)
            for p in plan.safe_people
        ),
        children=_children(plan, keep, None),
        evaluation=_evaluation(plan),
        signatures=_signatures(plan, None),
        professional_notes=tuple(x for x in plan.professional_notes.split("\n\n") if x.strip()),
    )


def _secret_values(plan: SafetyPlan) -> list[str]:
    names = [p.name for p in plan.safe_places if p.shelter and p.contact.secret_address]
    contacts = [p.contact for p in plan.safe_places] + [p.contact for p in plan.safe_people]
    contacts += [p.contact for p in plan.participants]
    return names + [v for c in contacts if c.secret_address for v in contact_values(c)]


def _for_family(
    plan: SafetyPlan,
    conditions: Sequence[SafetyCondition],
    person: PartyRef | None,
    left_off: Sequence[PartyRef] = (),
) -> PrintPlan:
    clean = Redactor(_secret_values(plan))
    line = f"Exemplaar voor {person.name}" if person else "Exemplaar voor het gezin"
    intro = INTROS["persoon" if person else "gezin"]
    base = _base(plan, "gezin" if person is None else f"persoon:{person.id}", line, "wij", intro)
    return dataclasses.replace(
        base,
        summary=_summary(plan, restricted=False),
        emergency=_emergency(plan, only_public=False, clean=clean),
        # Household members' addresses and phones stay off the family copy: it may still be
        # read by someone the victim fled from.
        participants=_participant_names(plan),
        conditions=tuple(
            PrintCondition(clean(c.text), f"{c.set_by}, {dutch_date(c.set_on)}")
            for c in conditions_of(plan, conditions)
        ),
        goals=_goals(plan, clean, None),
        warning_signs=tuple(clean(w) for w in plan.warning_signs),
        steps=_steps(plan, clean, person),
        safe_places=tuple(
            # A secret shelter's name leads to it as surely as its address does.
            _place_contact(
                SHELTER_TEXT if p.shelter and p.contact.secret_address else p.name,
                "",
                p.contact,
                professional=False,
            )
            for p in plan.safe_places
        ),
        safe_people=tuple(
            _place_contact(p.person.name, "", p.contact, professional=False)
            for p in plan.safe_people
        ),
        children=_children(plan, clean, None),
        evaluation=_evaluation(plan),
        signatures=_signatures(plan, None, left_off),
    )


def _participant_names(plan: SafetyPlan) -> tuple[PrintContact, ...]:
    # Names and who someone is only; a professional's phone is the one number that may show.
    return tuple(
        PrintContact(
            p.party.name,
            KIND_LABELS[p.party.kind],
            phone=p.contact.phone
            if p.party.kind is PartyKind.PROFESSIONAL and not p.contact.secret_address
            else "",
        )
        for p in plan.participants
    )


def _for_family_restricted(
    plan: SafetyPlan, conditions: Sequence[SafetyCondition], rule: CopyRule
) -> PrintPlan:
    """The family copy a pleger (or a threatening network member) reads or signs: what everyone
    agreed, but nothing that says where someone goes or how to reach them."""
    emergency = _emergency(plan, only_public=True, clean=Redactor())
    clean = Redactor(
        [*_restricted_values(plan), *(p.name for p in plan.safe_places)],
        strict=True,
        keep_phones=[line.value for line in emergency],
    )
    base = _base(plan, "gezin", "Exemplaar voor het gezin", "wij", INTROS["gezin-beperkt"])
    return dataclasses.replace(
        base,
        summary=_summary(plan, restricted=False),
        emergency=tuple(PrintLine(clean(x.label), clean(x.value)) for x in emergency),
        participants=_participant_names(plan),
        conditions=tuple(
            PrintCondition(clean(c.text), f"{c.set_by}, {dutch_date(c.set_on)}")
            for c in conditions_of(plan, conditions)
        ),
        goals=_goals(plan, clean, None),
        warning_signs=tuple(clean(w) for w in plan.warning_signs),
        steps=_steps(plan, clean, None),
        evaluation=_evaluation(plan),
        signatures=_signatures(plan, None, rule.left_off),
    )


def _for_child(plan: SafetyPlan, child: PartyRef) -> PrintPlan:
    """A child's own page: their section and whom to call, in words a child understands."""
    clean = Redactor(_secret_values(plan))
    base = _base(
        plan,
        f"persoon:{child.id}",
        f"Voor {child.name}",
        "jij",
        INTROS["kind"],
    )
    emergency = _emergency(plan, only_public=False, clean=clean)
    return dataclasses.replace(
        base,
        summary=_summary(plan, restricted=True),
        emergency=(*emergency, PrintLine(KINDERTELEFOON_LABEL, KINDERTELEFOON_PHONE)),
        children=_children(plan, clean, child),
    )


def _restricted_values(plan: SafetyPlan) -> list[str]:
    values = [v for p in plan.safe_places for v in contact_values(p.contact)]
    values += [p.name for p in plan.safe_places if p.shelter]
    values += [v for p in plan.safe_people for v in contact_values(p.contact)]
    values += [
        v
        for p in plan.participants
        if p.party.kind is not PartyKind.PROFESSIONAL
        for v in contact_values(p.contact)
    ]
    return values + _secret_values(plan)


def _for_restricted(plan: SafetyPlan, person: PartyRef) -> PrintPlan:
    """Own agreements, general steps, emergency numbers: nothing that says where others are."""
    emergency = _emergency(plan, only_public=True, clean=Redactor())
    clean = Redactor(
        _restricted_values(plan), strict=True, keep_phones=[line.value for line in emergency]
    )
    base = _base(
        plan,
        f"persoon:{person.id}",
        f"Exemplaar voor {person.name}",
        "je",
        INTROS["beperkt"],
    )
    return dataclasses.replace(
        base,
        summary=_summary(plan, restricted=True),
        emergency=tuple(PrintLine(clean(x.label), clean(x.value)) for x in emergency),
        goals=_goals(plan, clean, person),
        steps=_steps(plan, clean, person),
        signatures=_signatures(plan, person),
    )


def suggested_file_name(plan: SafetyPlan, audience: Audience | str, on: date | None = None) -> str:
    """``veiligheidsplan-<household id>-v<N>-<yyyy-mm-dd>-<audience>.pdf``: never a name."""
    if isinstance(audience, str):
        audience = Audience.parse(audience)
    # The file name is read in a folder: Dutch words, not the audience code ("professional").
    code = str(audience)
    if audience.kind is AudienceKind.PROFESSIONAL:
        code = "hulpverlener"
    suffix = code.replace(":", "-").replace(",", "-")
    day = (on or plan.fixed_on or plan.created_on).isoformat()
    return f"veiligheidsplan-{short_id(plan.household_id)}-v{plan.version}-{day}-{suffix}.pdf"
