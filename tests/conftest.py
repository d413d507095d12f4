import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages of another test's data (rolled back
    since) must not answer its requests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo(db):
    """The demo data from the source article, loaded as `make run` loads it."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def editor_user(db, django_user_model):
    """A staff member in the 编辑 role: curates content, may not import or export."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="编辑"))
    return user


@pytest.fixture
def data_staff_user(db, django_user_model):
    """A staff member in the 数据专员 role: imports and exports spreadsheets."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("datastaff", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="数据专员"))
    return user
