"""The two-person rule (三审三校): nobody publishes what they submitted or last wrote.

Who wrote a record is read from its history (django-reversion): the user of its newest
revision that is not a review step, so an edit that changed no state (an editor revising a
submission, a reviewer touching the text), an import and a restore all count, which the review
notes alone (steps only) would miss. Who submitted it is the latest 提交审核 in the review
notes. Superusers are bound too; `WORKFLOW_ALLOW_SELF_APPROVAL` lifts the rule for an
installation with a single reviewer.
"""

from jlsite.publishing import self_approval_allowed

from . import history
from .models import Review, Step

REFUSED = "不能审核自己提交的内容，请由另一位审核人员发布。"


def authors(obj):
    """The keys of the users who last submitted `obj` and last wrote it (None unknown)."""
    submission = Review.objects.for_object(obj).filter(step=Step.SUBMIT).first()
    found = {history.last_editor_id(obj)}
    if submission is not None:
        found.add(submission.actor_id)
    return found - {None}


def may_approve(user, obj, writing=False):
    """Whether `user` may publish `obj` as it stands; `writing`: they change it in doing so."""
    if self_approval_allowed():
        return True
    return not writing and user.pk not in authors(obj)
