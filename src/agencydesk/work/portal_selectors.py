"""What a client contact is shown of its projects: milestones and phases,
never tasks, comments, hours or money (issue #13 item 8). Each read is a
fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from agencydesk.core.access import Viewer

from .models import Milestone, Phase, Project

_ORDER = (
    Project.Status.ACTIVE,
    Project.Status.PLANNED,
    Project.Status.ON_HOLD,
    Project.Status.DONE,
)


def projects_for_portal(*, viewer: Viewer) -> QuerySet[Project]:
    """The client's projects a contact may open (cancelled ones aside), the
    running ones first, with their phases and milestones prefetched (two
    queries per page, whatever its size)."""
    return (
        Project.objects.visible_to(viewer)
        .exclude(status=Project.Status.CANCELLED)
        .select_related("client")
        .prefetch_related(
            Prefetch("phases", queryset=Phase.objects.order_by("order", "start", "pk")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due", "pk")),
        )
        .annotate(
            rank=Case(
                *(When(status=s, then=Value(n)) for n, s in enumerate(_ORDER)),
                default=Value(len(_ORDER)),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-start", "-pk")
    )


@dataclass(frozen=True)
class PhaseBar:
    phase: Phase
    # How far the calendar has gone through the phase (0 before it starts,
    # 100 once it ended): the client sees where the plan stands.
    percent: int

    @property
    def state(self) -> str:
        if self.percent >= 100:
            return "done"
        return "current" if self.percent > 0 else "upcoming"


@dataclass(frozen=True)
class Progress:
    project: Project
    milestones: list[Milestone]
    done: int
    total: int
    next_milestone: Milestone | None
    phases: list[PhaseBar]

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0


def _phase_percent(phase: Phase, today: date) -> int:
    if today < phase.start:
        return 0
    if today > phase.end:
        return 100
    length = (phase.end - phase.start).days + 1
    return ((today - phase.start).days + 1) * 100 // length


def project_progress(project: Project, *, today: date) -> Progress:
    """Milestones done of all, the next open one, and a bar per phase, from
    the prefetched rows (no query)."""
    milestones = list(project.milestones.all())
    done = [m for m in milestones if m.done_at is not None]
    open_ = [m for m in milestones if m.done_at is None]
    return Progress(
        project=project,
        milestones=milestones,
        done=len(done),
        total=len(milestones),
        next_milestone=open_[0] if open_ else None,
        phases=[PhaseBar(p, _phase_percent(p, today)) for p in project.phases.all()],
    )
