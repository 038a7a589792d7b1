"""reportlab printouts: the veiligheidsplan per audience and the gezinsoverzicht. Every renderer
returns PDF bytes and writes nothing (S14); the caller saves them where the user chose."""

from .family_overview import (
    FamilyOverview,
    OverviewDue,
    OverviewGoal,
    OverviewMember,
    OverviewPhaseChange,
    OverviewProfessional,
    overview_file_name,
    render_family_overview,
)
from .plan_print import project_plan, suggested_file_name
from .print_model import (
    ALLOWED_SECTIONS,
    Audience,
    AudienceKind,
    CopyRule,
    PrintPlan,
    Reader,
    copy_rule,
)
from .safety_plan_pdf import render_print_plan, render_safety_plan

__all__ = [
    "ALLOWED_SECTIONS",
    "Audience",
    "AudienceKind",
    "CopyRule",
    "FamilyOverview",
    "OverviewDue",
    "OverviewGoal",
    "OverviewMember",
    "OverviewPhaseChange",
    "OverviewProfessional",
    "PrintPlan",
    "Reader",
    "copy_rule",
    "overview_file_name",
    "project_plan",
    "render_family_overview",
    "render_print_plan",
    "render_safety_plan",
    "suggested_file_name",
]
