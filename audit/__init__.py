"""The audit log: who did what in the admin, when and from which address.

Recorded by this app without anyone calling it: logins, failed logins (with the username
tried), lockouts after too many failures, logouts, a user's roles (groups), permissions and
staff/superuser/active flags, and a role's permissions when changed in the admin. Other code
records what it does with one call:

    import audit

    audit.record(audit.Action.PUBLISH, obj=article, request=request)
    audit.record(audit.Action.WITHDRAW, obj=project, detail="撤回原因：数据有误")
    audit.record(audit.Action.IMPORT, detail="项目.xlsx：新建 12 行，更新 3 行")

- `action`: an `audit.Action` (add a member there for a new kind of event).
- `actor`: the user who acted; by default the user of `request`.
- `obj`: the model instance acted on; its type, key and name are kept, so the entry outlives
  it. Call `record` before deleting an object, while it still has its key.
- `request`: where the IP address and the actor come from. Without it, the request being
  served (kept by `audit.middleware.CurrentRequestMiddleware`) is used, so a signal handler
  or model method need not pass it; from a management command there is none, and the entry
  has no actor or address.
- `detail`: free text in Chinese, shown and searched in the admin.

The address is REMOTE_ADDR, or the header named by CLIENT_IP_HEADER behind a trusted proxy
(`jlsite.client_ip`). Entries are read-only in the admin, for superusers too; superusers
(and anyone given audit.view_auditevent) can search, filter and export them as CSV.
"""

from .actions import Action


def record(action, actor=None, obj=None, request=None, detail="", username=""):
    """Write one entry; see the module docstring. `username`: the name tried, without actor."""
    from .models import AuditEvent

    return AuditEvent.objects.record(
        action, actor=actor, obj=obj, request=request, detail=detail, username=username
    )


__all__ = ["Action", "record"]
