from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from articles.sitemaps import SITEMAPS as ARTICLE_SITEMAPS
from jlsite import views
from jlsite.sitemaps import HomeSitemap
from projects.sitemaps import SITEMAPS as PROJECT_SITEMAPS
from serving.media import media_urlpatterns
from serving.sitemaps import sitemap_index, sitemap_part

admin.site.site_header = "吉林招商 管理后台"
admin.site.site_title = "吉林招商 管理后台"
admin.site.index_title = "内容管理"

SITEMAPS = {"home": HomeSitemap, **PROJECT_SITEMAPS, **ARTICLE_SITEMAPS}

urlpatterns = [
    # A sitemap index: each section in parts of at most jlsite.sitemaps.PART_SIZE addresses.
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_part,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("large-type/", views.large_type, name="large_type"),
    path(f"{settings.ADMIN_URL}two-factor/", include("adminsecurity.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    *media_urlpatterns(),
]

# Public pages: in Chinese at /, in English under /en/ (the admin above stays Chinese).
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("sitemap/", views.SiteMapView.as_view(), name="site_map"),
    path("", include("projects.urls")),
    path("", include("articles.urls")),
    path("", include("inquiries.urls")),
    path("", include("opendata.urls")),
    path("", include("search.urls")),
    prefix_default_language=False,
)

handler404 = "jlsite.views.page_not_found"
handler500 = "jlsite.views.server_error"
