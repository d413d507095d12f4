from django.conf import settings

LARGE_TYPE_COOKIE = "large_type"


def site_identity():
    """The site's public identity, for the header, footer and government-website meta tags."""
    return {
        "name": settings.SITE_NAME,
        "domain": settings.SITE_DOMAIN,
        "organiser": settings.SITE_ORGANISER,
        "contact": settings.SITE_CONTACT,
        "id_code": settings.SITE_ID_CODE,
        "icp_number": settings.SITE_ICP_NUMBER,
        "psb_number": settings.SITE_PSB_NUMBER,
    }


def site(request):
    return {
        "site": site_identity(),
        # Set by the no-JavaScript switch; the script keeps it in step with its own setting.
        "large_type": request.COOKIES.get(LARGE_TYPE_COOKIE) == "1",
        # The first path segment (“projects”, “articles”…) marks the current navigation item.
        "nav_section": request.path.strip("/").split("/", 1)[0],
    }
