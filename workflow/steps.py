"""Moving records through review, one place for the rules the form, actions and restore share."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

import audit
from jlsite.publishing import PublicationStatus, publication_changed, stamp_publication

from .models import Review, Step

AUDITED = {
    Step.SUBMIT: audit.Action.SUBMIT,
    Step.PUBLISH: audit.Action.PUBLISH,
    Step.RETURN: audit.Action.REJECT,
    Step.WITHDRAW: audit.Action.WITHDRAW,
    Step.RESTORE: audit.Action.RESTORE,
}


def step_between(old, new):
    """The review step a change of status from `old` to `new` is, or None."""
    if old == new:
        return None
    if new == PublicationStatus.PUBLISHED:
        return Step.PUBLISH
    if new == PublicationStatus.PENDING:
        return Step.SUBMIT
    if new == PublicationStatus.RETURNED:
        return Step.RETURN
    if old == PublicationStatus.PUBLISHED:
        return Step.WITHDRAW
    return None


def submitter(obj):
    """Who last submitted `obj` for review (the author a return is addressed to)."""
    submission = Review.objects.for_object(obj).filter(step=Step.SUBMIT).first()
    return submission.actor if submission is not None else None


def note(obj, step, user, reason="", request=None):
    """Keep the step on record (the review notes and the audit log)."""
    author = submitter(obj) if step == Step.RETURN else None
    review = Review.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        step=step,
        reason=reason,
        actor=user if user is not None and user.is_authenticated else None,
        author=author,
    )
    detail = f"{Step(step).label}：{reason}" if reason else Step(step).label
    audit.record(AUDITED[step], actor=review.actor, obj=obj, request=request, detail=detail)
    return review


def move(queryset, status, user, reason="", request=None):
    """Set `status` on every record of `queryset` not already in it; the records moved."""
    now = timezone.now()
    moved = list(queryset.exclude(status=status))
    steps = [(obj, step_between(obj.status, status)) for obj in moved]
    for obj in moved:
        obj.status = status
        obj.updated_at = now
        stamp_publication(obj, now)
    queryset.model._default_manager.bulk_update(moved, ["status", "published_at", "updated_at"])
    for obj, step in steps:
        if step is not None:
            note(obj, step, user, reason, request)
    # bulk_update sends no post_save: the page cache and the search index hear of them here
    publication_changed.send(sender=queryset.model, pks=[obj.pk for obj in moved])
    return moved


def latest_return(obj):
    """The return that sent `obj` back, while it is still 已退回."""
    if obj is None or obj.pk is None or obj.status != PublicationStatus.RETURNED:
        return None
    return Review.objects.for_object(obj).filter(step=Step.RETURN).first()
