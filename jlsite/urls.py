from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from articles.sitemaps import SITEMAPS as ARTICLE_SITEMAPS
from jlsite import views
from jlsite.sitemaps import HomeSitemap, sitemap_part
from projects.sitemaps import SITEMAPS as PROJECT_SITEMAPS
from serving.media import media_urlpatterns

admin.site.site_header = "吉林招商 管理后台"
admin.site.site_title = "吉林招商 管理后台"
admin.site.index_title = "内容管理"

SITEMAPS = {"home": HomeSitemap, **PROJECT_SITEMAPS, **ARTICLE_SITEMAPS}

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # A sitemap index: each section in parts of at most jlsite.sitemaps.PART_SIZE addresses.
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_part,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("sitemap/", views.SiteMapView.as_view(), name="site_map"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("large-type/", views.large_type, name="large_type"),
    path(f"{settings.ADMIN_URL}two-factor/", include("adminsecurity.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("projects.urls")),
    path("", include("articles.urls")),
    path("", include("inquiries.urls")),
    path("", include("opendata.urls")),
    path("", include("search.urls")),
    *media_urlpatterns(),
]

handler404 = "jlsite.views.page_not_found"
handler500 = "jlsite.views.server_error"
