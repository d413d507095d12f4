from django.conf import settings


def site(request):
    """The site's public identity, for the header, footer and government-website meta tags."""
    return {
        "site": {
            "name": settings.SITE_NAME,
            "domain": settings.SITE_DOMAIN,
            "organiser": settings.SITE_ORGANISER,
            "contact": settings.SITE_CONTACT,
            "id_code": settings.SITE_ID_CODE,
            "icp_number": settings.SITE_ICP_NUMBER,
            "psb_number": settings.SITE_PSB_NUMBER,
        }
    }
