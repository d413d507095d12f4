"""The latest published articles as RSS 2.0."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    description = _("吉林省招商引资新闻、政策与重大项目动态。")

    def title(self):
        return gettext("%(site)s · 最新文章") % {"site": gettext(settings.SITE_NAME)}

    def link(self):
        return reverse("articles:article_list")

    def items(self):
        return Article.objects.published().for_lists()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    # Readers render <description> as HTML; the summary is plain text, so escape it first.
    def item_description(self, item):
        return escape(item.summary)

    # In Beijing time, as the article pages show it.
    def item_pubdate(self, item):
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item):
        return timezone.localtime(item.updated_at)

    def item_author_name(self, item):
        return item.author or item.source or None

    def item_categories(self, item):
        return [item.channel.name]
