"""The models under review, filled by `ReviewedAdmin` as the domain apps' admins load."""

_models = []


def register(model):
    if model not in _models:
        _models.append(model)


def models():
    return list(_models)


def is_reviewed(model):
    return model in _models
