"""Every admin page, as every role sees it with the demo data, is in Chinese."""

import ast
import contextlib
import html
import json
import re
from importlib import import_module
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from demo import facts
from tests.conftest import sign_in
from tests.jlsite.test_security_headers import inline_code

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"
# English that Django 6.1 and its add-ons write on admin pages when nothing translates it.
ENGLISH = ["Filter by", "Select an option", "Today", "Now", "Log out", "Logout", "Search",
           "True", "False", "None", "Can add", "Can change", "Can delete", "Can view",
           "relationship", " object (", "TOTP device", "Throttling", "confirmed"]  # fmt: skip
# Capitalised words that may stand in Chinese text: key names, product and format names.
NAMES = {"Control", "Command", "Mac", "Excel", "Microsoft", "Google", "Authenticator",
         "FreeOTP", "Django"}  # fmt: skip
# Region, industry and channel names in English are content (their 名称（英文） field), not admin wording.
_REGIONS = import_module("projects.migrations.0010_region_names_in_english")
NAMES |= {
    word
    for name in (
        *_REGIONS.ENGLISH.values(),
        *_REGIONS.SHORT_ENGLISH.values(),
        *facts.INDUSTRIES_EN.values(),
        *facts.CHANNELS_EN.values(),
    )
    for word in re.findall(r"\b[A-Z][a-z]{2,}\b", name)
}


def visible(body):
    """What a person reads or hears: text, option labels, alt/title/placeholder, buttons."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    said = re.findall(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"', body)
    said += re.findall(r'<input[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"', body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + " ".join(said))


def admin_urls():
    urls = {reverse("admin:index"), reverse("admin:password_change")}
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        urls |= {reverse("admin:app_list", args=[info[0]]), changelist,
                 f"{changelist}?q=zzzz", f"{changelist}?e=1",
                 reverse("admin:{}_{}_add".format(*info))}  # fmt: skip
        obj = model._default_manager.order_by("pk").first()
        for view in ("change", "delete", "history") if obj else ():
            urls.add(reverse("admin:{}_{}_{}".format(*info, view), args=[obj.pk]))
        for view in ("import", "export"):
            with contextlib.suppress(NoReverseMatch):
                urls.add(reverse("admin:{}_{}_{}".format(*info, view)))
    return sorted(urls)


def english_on(body):
    text = visible(body)
    found = [phrase for phrase in ENGLISH if phrase in text]
    found += sorted(set(re.findall(r"\b[A-Z][a-z]{2,}\b", text)) - NAMES)
    return found


@pytest.mark.parametrize("role", ["admin_user", "editor_user", "data_staff_user", "reviewer_user"])
def test_every_admin_page_is_in_chinese_for_every_role(client, demo, request, role):
    user = request.getfixturevalue(role)
    sign_in(client, user)
    pages = 0
    for url in admin_urls():
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages += 1
        assert not english_on(response.content.decode()), url
        # The admin's CSP allows no inline code either (settings.ADMIN_CSP).
        assert not inline_code(response.content.decode()), url
    assert pages > (60 if role == "admin_user" else 10)


def test_the_pages_outside_the_changelists_are_in_chinese_too(client, admin_user):
    assert not english_on(client.get(reverse("admin:login")).content.decode())
    client.force_login(admin_user)
    setup = client.get(reverse("two_factor:setup")).content.decode()
    assert not english_on(setup) and not inline_code(setup)
    sign_in(client, admin_user)
    assert not english_on(client.post(reverse("admin:logout")).content.decode())


def test_import_and_export_pages_have_the_admins_breadcrumbs(admin_client):
    for view, last in (("import", "导入"), ("export", "导出")):
        page = admin_client.get(reverse(f"admin:projects_project_{view}")).content.decode()
        assert '<ol class="breadcrumbs">' in page and '<div class="breadcrumbs">' not in page
        assert re.search(rf'<li aria-current="page">\s*{last}\s*</li>', page), view


def test_english_is_found_where_it_is(client):
    """The check itself: English that slipped through would be seen."""
    assert english_on('<span>Filter by 发布时间</span><img alt="True"><p>Throttling</p>')
    assert not english_on("<p>按住 “Control” 或 Mac 上的 “Command” 可多选</p>")


def po_entries(path):
    """(msgid, msgstr) pairs of a .po file (msgstr[0] for plurals)."""
    entries, key, current = [], None, {}
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        match = re.match(r'(msgid|msgid_plural|msgstr(?:\[0\])?) (".*")$', line)
        if match:
            key = match[1].replace("[0]", "")
            current[key] = ast.literal_eval(match[2])
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line.strip() and current.get("msgid"):
            entries.append((current["msgid"], current["msgstr"]))
            current, key = {}, None
        elif not line.strip():
            current, key = {}, None
    return entries


def test_the_committed_catalogue_is_compiled_from_the_po_file():
    entries = po_entries(LOCALE / "django.po")
    assert ("Filter by %(field_name)s", "按%(field_name)s筛选") in entries
    with translation.override("zh-hans"):
        for msgid, msgstr in entries:
            assert (
                translation.gettext(msgid) == msgstr
                or translation.ngettext(msgid, msgid, 2) == msgstr
            ), msgid


def test_the_calendar_and_clock_scripts_are_in_chinese(client, admin_user):
    sign_in(client, admin_user)
    script = client.get(reverse("admin:jsi18n")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1])
    for msgid, msgstr in po_entries(LOCALE / "djangojs.po"):
        translated = catalogue.get(msgid)  # a list for plural forms
        assert msgstr in (translated if isinstance(translated, list) else [translated]), msgid
    assert (catalogue["Today"], catalogue["Now"]) == ("今天", "现在")
