from .companies import Company, Ownership
from .events import Event, EventKind, ReportedAmountBasis, Signing
from .industries import Industry, IndustryTier
from .projects import Milestone, MilestoneKind, Project, ProjectStage
from .regions import Region, RegionKind
from .statistics import Statistic

__all__ = [
    "Company",
    "Event",
    "EventKind",
    "Industry",
    "IndustryTier",
    "Milestone",
    "MilestoneKind",
    "Ownership",
    "Project",
    "ProjectStage",
    "Region",
    "RegionKind",
    "ReportedAmountBasis",
    "Signing",
    "Statistic",
]
