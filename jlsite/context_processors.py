from django.conf import settings
from django.utils.translation import get_language_from_path, gettext, gettext_noop

LARGE_TYPE_COOKIE = "large_type"
# The default identity has an English name (locale/en); an operator's own stays as set.
DEFAULT_IDENTITY = (gettext_noop("吉林招商"), gettext_noop("吉林省商务厅"))


def site_identity():
    """The site's public identity, for the header, footer and government-website meta tags."""
    return {
        "name": gettext(settings.SITE_NAME) if settings.SITE_NAME else "",
        "domain": settings.SITE_DOMAIN,
        "organiser": gettext(settings.SITE_ORGANISER) if settings.SITE_ORGANISER else "",
        "contact": settings.SITE_CONTACT,
        "id_code": settings.SITE_ID_CODE,
        "icp_number": settings.SITE_ICP_NUMBER,
        "psb_number": settings.SITE_PSB_NUMBER,
    }


def section(path):
    """/projects/1/ → projects, /en/projects/1/ → projects, / → ''."""
    segments = path.strip("/").split("/")
    if get_language_from_path(path):
        segments = segments[1:]
    return segments[0] if segments else ""


def site(request):
    return {
        "site": site_identity(),
        # Set by the no-JavaScript switch; the script keeps it in step with its own setting.
        "large_type": request.COOKIES.get(LARGE_TYPE_COOKIE) == "1",
        # The first path segment (“projects”, “articles”…) marks the current navigation item.
        "nav_section": section(request.path),
    }
