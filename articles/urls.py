from django.urls import path

from articles import views
from articles.feeds import LatestArticlesFeed

app_name = "articles"

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    # Before the detail route, which would otherwise read “feed” as an article slug.
    path("articles/feed/", LatestArticlesFeed(), name="article_feed"),
    path("articles/<slug:key>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("policies/", views.PolicyListView.as_view(), name="policy_list"),
    path("policies/<slug:slug>/", views.PolicyDetailView.as_view(), name="policy_detail"),
    path(
        "policies/<slug:slug>/<int:number>/",
        views.MeasureDetailView.as_view(),
        name="measure_detail",
    ),
]
