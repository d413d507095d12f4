"""Site-wide pages: home, the site map, robots.txt, the reading-mode switch, error pages."""

from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from articles.models import Article, Channel, Policy
from jlsite.context_processors import LARGE_TYPE_COOKIE, site_identity
from pagecache.versions import memoize
from projects.models import Event, Industry, Project, Region, Statistic

LARGE_TYPE_MAX_AGE = 365 * 24 * 60 * 60
SITE_MAP_EVENTS = 30


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = (
            Event.objects.published().select_related("region").newest_first()[:3]
        ).with_public_totals()
        context["statistics"] = (
            Statistic.objects.published()
            .for_display()
            .order_by("-year", "-month_end", "indicator", "pk")[:6]
        )
        context["articles"] = Article.objects.published().for_lists()[:6]
        context["featured_projects"] = (
            Project.objects.published().filter(featured=True).for_cards().newest_first()[:6]
        )
        context["policies"] = Policy.objects.published().newest_first()[:6]
        return context


class SiteMapView(TemplateView):
    """网站地图 for people: every section, and the short lists that lead to everything else
    (regions, industries, policies, channels, the latest events). The sitemap.xml index is
    for search engines."""

    template_name = "site_map.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            regions=memoize("region-tree", Region.objects.tree),
            industries=memoize("industry-tree", Industry.objects.tree),
            policies=Policy.objects.published().newest_first(),
            channels=Channel.objects.all(),
            events=Event.objects.published().newest_first()[:SITE_MAP_EVENTS],
            **kwargs,
        )


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the static one."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


@require_safe
def robots_txt(request):
    """Everything public may be crawled; the admin's path is not named, so not given away."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow:", "", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def large_type(request):
    """Switch the large-type reading mode (适老化) without JavaScript, remembered in a cookie."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(
            LARGE_TYPE_COOKIE, "1", max_age=LARGE_TYPE_MAX_AGE, samesite="Lax", httponly=False
        )
    else:
        response.delete_cookie(LARGE_TYPE_COOKIE, samesite="Lax")
    return response


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page: rendered without the request's context or the database."""
    html = loader.get_template("500.html").render({"site": site_identity()})
    return HttpResponseServerError(html)
