"""Admin roles as groups, kept in step with the models after every migrate.

编辑 curate content but neither delete nor bulk-load it; 数据专员 import and export spreadsheets
(the spreadsheets app grants them what every registered resource's model needs). Superusers
(管理员) hold everything. 审核 review what editors submit and publish it (the workflow app
grants them each reviewed model's `publish_<model>`). 咨询受理 answer the public's inquiries
(personal data: no other role sees them).
"""

from django.db.models import Q

CONTENT_MODELS = {
    "projects": ["project", "milestone", "event", "signing", "statistic", "company"],
    "articles": ["article", "channel", "policy", "policymeasure"],
}
REFERENCE_MODELS = {"projects": ["region", "industry"]}
# What the importable models' admin forms pick from besides each other (an autocomplete
# answers only users who may view its target): the 栏目 of an article.
LOOKUP_MODELS = {"articles": ["channel"]}

EDITOR = "编辑"
REVIEWER = "审核"
DATA_STAFF = "数据专员"
INQUIRY_DESK = "咨询受理"


def _codenames(models_by_app, actions):
    return [
        (app, f"{action}_{model}")
        for app, models in models_by_app.items()
        for model in models
        for action in actions
    ]


ROLE_PERMISSIONS = {
    EDITOR: _codenames(CONTENT_MODELS, ["add", "change", "view"])
    + _codenames(REFERENCE_MODELS, ["view"]),
    REVIEWER: _codenames(CONTENT_MODELS, ["change", "view"])
    + _codenames(REFERENCE_MODELS, ["view"]),
    DATA_STAFF: _codenames(REFERENCE_MODELS, ["view"]) + _codenames(LOOKUP_MODELS, ["view"]),
    INQUIRY_DESK: _codenames({"inquiries": ["inquiry"]}, ["change", "view"]),
}

# role → functions(using) returning Permission objects that other apps add to the role.
_grants = {}


def grant(role, permissions):
    """Let an app add permissions to a role: `permissions(using)` returns Permission rows."""
    if permissions not in _grants.setdefault(role, []):
        _grants[role].append(permissions)


def sync_roles(using="default", apps=None, **kwargs):
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    # After a flush, content types cached before it are gone; an app without models
    # (modeltranslation, first in INSTALLED_APPS) sends post_migrate before any refresh.
    ContentType.objects.clear_cache()

    for role, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        query = Q(pk__in=[])
        for app, codename in wanted:
            query |= Q(content_type__app_label=app, codename=codename)
        granted = [p.pk for provider in _grants.get(role, []) for p in provider(using)]
        group.permissions.set(Permission.objects.using(using).filter(query | Q(pk__in=granted)))
