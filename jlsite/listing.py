"""What every public list shares: forgiving pagination, filters with their messages."""

from decimal import Decimal

from django.core.paginator import InvalidPage
from django.utils.translation import gettext
from django_filters.views import FilterView

from jlsite.templatetags.formatting import amount


def forgiving_page(paginator, raw):
    """(page, None) for the page number `raw` as typed, or (None, a message saying why not)."""
    raw = (raw or "1").strip()
    shown = raw if len(raw) <= 20 else f"{raw[:20]}…"
    try:
        return paginator.page(raw), None
    except InvalidPage:
        numbers = {"shown": shown, "pages": paginator.num_pages}
        if raw.isascii() and raw.isdigit() and int(raw) > paginator.num_pages:
            return None, gettext("没有第 %(shown)s 页：共 %(pages)s 页。") % numbers
        if paginator.num_pages == 1:
            return None, gettext("页码“%(shown)s”无效：本列表只有 1 页。") % numbers
        return None, gettext("页码“%(shown)s”无效，请输入 1 到 %(pages)s 之间的整数。") % numbers


class ForgivingPaginationMixin:
    """An invalid or out-of-range `page` gives a message and an empty page, not a 404."""

    paginate_by = 20
    page_error = None

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page, self.page_error = forgiving_page(paginator, self.request.GET.get(self.page_kwarg))
        if page is None:
            return paginator, None, [], False
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_error"] = self.page_error
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context


def describe_value(field, value):
    """A cleaned filter value as a reader would name it."""
    if isinstance(value, Decimal):
        return amount(value)
    if isinstance(value, (list, tuple)):
        return "、".join(describe_value(field, v) for v in value)
    if hasattr(value, "_meta"):
        return str(value)
    labels = {str(k): label for k, label in getattr(field, "choices", [])}
    return str(labels.get(str(value), value))


def active_filters(filterset):
    """Each filter in use, with the query changes that remove it (and go back to page 1)."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    active = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        field = filterset.form.fields[name]
        active.append(
            {
                "name": name,
                "label": field.label,
                "value": describe_value(field, value),
                "remove": {name: None, "page": None},
            }
        )
    return active


class FilteredListView(ForgivingPaginationMixin, FilterView):
    """A public list narrowed by a FilterSet; an invalid filter shows its message and no rows."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["active_filters"] = active_filters(self.filterset)
        context["filter_invalid"] = self.filterset.is_bound and not self.filterset.is_valid()
        return context
