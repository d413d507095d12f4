"""The spreadsheet resources by the names the commands and download file names use."""

from django.utils.module_loading import import_string

RESOURCES = {
    "projects": "projects.resources.ProjectResource",
    "signings": "projects.resources.SigningResource",
    "events": "projects.resources.EventResource",
    "companies": "projects.resources.CompanyResource",
    "policies": "articles.resources.PolicyResource",
    "measures": "articles.resources.PolicyMeasureResource",
    "articles": "articles.resources.ArticleResource",
    "statistics": "projects.resources.StatisticResource",
}


def resource_class(name):
    return import_string(RESOURCES[name])


def resource_name(model):
    """The registry name of the resource for `model` (`projects` for Project)."""
    for name in RESOURCES:
        if resource_class(name)._meta.model is model:
            return name
    return model._meta.model_name
