import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages of another test's data (rolled back
    since) must not answer its requests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fresh_content_types():
    """Content types cached by an earlier test may be gone: a transactional test's flush
    deletes the rows (without always recreating them), while the cache lives on in the
    process. History versions point at them."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def chinese_by_default():
    """Each test starts in Chinese: a request under /en/ leaves English active in the thread."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.activate("zh-hans")


@pytest.fixture
def self_approval(settings):
    """A one-person installation (WORKFLOW_ALLOW_SELF_APPROVAL): a superuser's or reviewer's
    edit of published content stays published, as tests of other things than review expect."""
    settings.WORKFLOW_ALLOW_SELF_APPROVAL = True


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


def sign_in(client, user):
    """Log `user` in as the admin does after the password and the one-time code (django-otp).

    force_login skips django-axes (no password is checked) and the second factor; superusers
    and 审核 are sent to the two-factor pages until the session holds a verified device.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "测试"}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """A superuser signed in with password and one-time code, as the admin requires."""
    return sign_in(client, admin_user)


@pytest.fixture
def reviewer_user(db, django_user_model):
    """A staff member in the 审核 role, who must sign in with a one-time code."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("reviewer", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="审核"))
    return user
