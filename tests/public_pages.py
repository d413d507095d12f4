"""Every kind of public page, for the browser and validator tests (tests/jlsite/test_phone_layout.py,
test_accessibility.py, test_html_validity.py).

Each entry names a page and how to find its path in the demo data (run with database access,
before any browser starts); a path of None means the demo data has no such page. To cover more
pages (English under /en/, a contact page), add entries here: every test over PAGES takes them.
"""

from django.urls import reverse

from articles.models import Article, Policy
from projects.models import Event, Industry, Project, Region


def first_url(queryset):
    item = queryset.order_by("pk").first()
    return item.get_absolute_url() if item else None


PAGES = {
    "home": lambda: reverse("home"),
    "project_list": lambda: reverse("projects:project_list"),
    "project_list_filtered": lambda: reverse("projects:project_list") + "?region=changchun",
    "project_list_invalid_filter": lambda: reverse("projects:project_list") + "?investment_min=x",
    "project_list_page_2": lambda: reverse("projects:project_list") + "?page=2",
    "project": lambda: first_url(Project.objects.published().filter(industries__isnull=False)),
    "event_list": lambda: reverse("projects:event_list"),
    "event": lambda: first_url(Event.objects.published()),
    "region_list": lambda: reverse("projects:region_list"),
    "region": lambda: first_url(Region.objects.filter(slug="changchun")),
    "industry_list": lambda: reverse("projects:industry_list"),
    "industry": lambda: first_url(Industry.objects.all()),
    "statistics": lambda: reverse("projects:statistic_list"),
    "article_list": lambda: reverse("articles:article_list"),
    "article": lambda: first_url(Article.objects.published()),
    "policy_list": lambda: reverse("articles:policy_list"),
    "policy": lambda: first_url(Policy.objects.published()),
    "site_map": lambda: reverse("site_map"),
    "contact": lambda: reverse("inquiries:contact"),
    "privacy_notice": lambda: reverse("inquiries:privacy"),
    "open_data": lambda: reverse("opendata:index"),
    "api_docs": lambda: reverse("opendata:api_docs"),
    "not_found": lambda: "/no-such-page/",
    # English (the language prefix before the Chinese page's address)
    "en_home": lambda: "/en/",
    "en_project_list": lambda: "/en" + reverse("projects:project_list"),
    "en_project": lambda: english(first_url(Project.objects.published())),
    "en_event": lambda: english(first_url(Event.objects.published())),
    "en_article": lambda: english(first_url(Article.objects.published())),
    "en_statistics": lambda: "/en" + reverse("projects:statistic_list"),
    "en_contact": lambda: "/en" + reverse("inquiries:contact"),
    "en_search": lambda: "/en" + reverse("search:search") + "?q=%E6%B1%BD%E8%BD%A6",  # 汽车
    "en_search_nothing_found": lambda: "/en" + reverse("search:search") + "?q=zzzz",
    "en_open_data": lambda: "/en" + reverse("opendata:index"),
    "en_api_docs": lambda: "/en" + reverse("opendata:api_docs"),
}


def english(path):
    return "/en" + path if path else None


def resolve_pages():
    """{name: path} for the current database."""
    return {name: find() for name, find in PAGES.items()}
