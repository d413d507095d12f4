"""The importable resources, by the names the commands, file names and roles use.

Each domain app's `resources.py` registers its resources with `@register("projects")`; the
app config imports every `resources` module at start-up, so the list is complete before any
command, admin page or test asks for it.
"""

_resources = {}


def register(name):
    """Class decorator: make a resource importable and exportable under `name`."""

    def decorator(resource_class):
        if name in _resources and _resources[name] is not resource_class:
            raise ValueError(f"Two spreadsheet resources are registered as {name!r}.")
        _resources[name] = resource_class
        return resource_class

    return decorator


def names():
    return list(_resources)


def resource_class(name):
    return _resources[name]


def models():
    return [resource._meta.model for resource in _resources.values()]


def resource_name(model):
    """The registered name of the resource for `model` (`projects` for Project)."""
    for name, resource in _resources.items():
        if resource._meta.model is model:
            return name
    return model._meta.model_name
