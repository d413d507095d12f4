"""What waits for each person on the admin home: 待我审核, 被退回, and overdue sections."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from jlsite.publishing import PublicationStatus, may_publish, self_approval_allowed

from . import registry
from .models import Review, Step
from .timeliness import overdue_sections


def overdue_for(user):
    """Overdue sections, for staff who write content: [(name, state, link)]."""
    writes = any(
        user.has_perm(f"{m._meta.app_label}.change_{m._meta.model_name}") for m in registry.models()
    )
    if not writes:
        return []
    now = timezone.now()
    return [(s.name, s.state(now), s.url) for s in overdue_sections(now)]


def changelist(model, **query):
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}"


def for_review_by(user, model):
    """`model`'s submissions `user` may review: not those they submitted (the two-person rule)."""
    pending = model._default_manager.filter(status=PublicationStatus.PENDING)
    if self_approval_allowed():
        return pending
    submitter = (
        Review.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            step=Step.SUBMIT,
        )
        .order_by("-pk")
        .values("actor_id")[:1]
    )
    return pending.annotate(submitter=Subquery(submitter)).exclude(submitter=user.pk)


def waiting_for(user):
    """(heading, [(label, count, link)]) lists for `user`, only those with something in them."""
    from .admin import returned_to

    to_review, returned = [], []
    for model in registry.models():
        label = model._meta.verbose_name_plural
        if may_publish(user, model):
            count = for_review_by(user, model).count()
            if count:
                link = changelist(model, status__exact=PublicationStatus.PENDING)
                to_review.append((label, count, link))
        if user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
            mine = model._default_manager.filter(
                status=PublicationStatus.RETURNED, pk__in=returned_to(user, model)
            ).count()
            if mine:
                returned.append((label, mine, changelist(model, review="returned_to_me")))
    return [(h, items) for h, items in (("待我审核", to_review), ("被退回", returned)) if items]
