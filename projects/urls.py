from django.urls import path

from projects import downloads, views

app_name = "projects"

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/export.csv", downloads.export_csv, name="export_csv"),
    path("projects/export.xlsx", downloads.export_xlsx, name="export_xlsx"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("regions/", views.RegionListView.as_view(), name="region_list"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("industries/", views.IndustryListView.as_view(), name="industry_list"),
    path("industries/<slug:slug>/", views.IndustryDetailView.as_view(), name="industry_detail"),
    path("statistics/", views.StatisticListView.as_view(), name="statistic_list"),
]
