from django.urls import path

from opendata import api, views

app_name = "opendata"

urlpatterns = [
    path("data/", views.DataIndexView.as_view(), name="index"),
    path("data/<slug:name>.<slug:kind>", views.dataset_file, name="dataset"),
    path("api/", views.ApiDocsView.as_view(), name="api_docs"),
    path("api/openapi.json", views.openapi_json, name="openapi"),
    path("api/projects/", api.projects, name="api_projects"),
    path("api/events/", api.events, name="api_events"),
    path("api/statistics/", api.statistics, name="api_statistics"),
]
