from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from articles.filters import ArticleFilter, MeasureFilter
from articles.models import Article, Channel, Policy, PolicyMeasure
from jlsite.listing import FilteredListView, ForgivingPaginationMixin
from pagecache.paginator import RememberedCountPaginator
from pagecache.versions import memoize_in_process
from projects.models import Event, Project

FONT_SIZES = {"l": _("大"), "m": _("中"), "s": _("小")}


class ArticleListView(FilteredListView):
    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"
    paginator_class = RememberedCountPaginator

    def get_queryset(self):
        return Article.objects.published().for_lists()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channels"] = memoize_in_process("channels", lambda: list(Channel.objects.all()))
        return context


class ArticleDetailView(DetailView):
    """An article by its slug, or by its id when it has none; the id of a slugged one redirects."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("channel")
            .prefetch_related(
                Prefetch("related_projects", Project.objects.published()),
                Prefetch("related_events", Event.objects.published()),
                Prefetch("related_policies", Policy.objects.published()),
            )
        )

    def get_object(self, queryset=None):
        key = self.kwargs["key"]
        lookup = {"pk": int(key)} if key.isdigit() else {"slug": key}
        return get_object_or_404(self.get_queryset(), **lookup)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            query = request.META.get("QUERY_STRING")
            return redirect(f"{canonical}?{query}" if query else canonical, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["previous_article"], context["next_article"] = self.object.channel_neighbours()
        requested_size = self.request.GET.get("fs")
        context["font_size"] = requested_size if requested_size in FONT_SIZES else "m"
        context["font_sizes"] = FONT_SIZES
        context["keywords"] = [
            word.strip()
            for word in self.object.keywords.replace("，", ",").split(",")
            if word.strip()
        ]
        return context


class PolicyListView(ForgivingPaginationMixin, ListView):
    template_name = "articles/policy_list.html"
    context_object_name = "policies"
    paginator_class = RememberedCountPaginator

    def get_queryset(self):
        return Policy.objects.published().newest_first()


class PolicyDetailView(DetailView):
    template_name = "articles/policy_detail.html"
    context_object_name = "policy"

    def get_queryset(self):
        return Policy.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measure_filter = MeasureFilter(
            self.request.GET or None, queryset=self.object.measures.order_by("number")
        )
        context["measure_filter"] = measure_filter
        context["measures"] = measure_filter.qs
        context["searching"] = measure_filter.is_valid() and bool(
            measure_filter.form.cleaned_data.get("q", "").strip()
        )
        return context


class MeasureDetailView(DetailView):
    template_name = "articles/measure_detail.html"
    context_object_name = "measure"

    def get_object(self, queryset=None):
        return get_object_or_404(
            PolicyMeasure.objects.select_related("policy").filter(
                policy__in=Policy.objects.published()
            ),
            policy__slug=self.kwargs["slug"],
            number=self.kwargs["number"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measure = self.object
        siblings = PolicyMeasure.objects.filter(policy_id=measure.policy_id)
        context["policy"] = measure.policy
        context["previous_measure"] = (
            siblings.filter(number__lt=measure.number).order_by("-number").first()
        )
        context["next_measure"] = (
            siblings.filter(number__gt=measure.number).order_by("number").first()
        )
        return context
