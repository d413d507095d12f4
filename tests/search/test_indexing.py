"""The index follows every way a record changes: save, publish, withdraw, delete, imports."""

import io
import uuid

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Policy
from projects.models import Project, Region
from search import indexing, registry
from search.models import Card, Document, TitleCard
from tests.articles.factories import ChannelFactory, PolicyFactory, PolicyMeasureFactory
from tests.projects.factories import IndustryFactory, ProjectFactory
from tests.spreadsheet_files import csv_bytes

pytestmark = pytest.mark.django_db


def found(client, q, **params):
    response = client.get(reverse("search:search"), {"q": q, **params})
    assert response.status_code == 200
    return [d["url"] for d in response.context["results"]]


def test_a_save_indexes_and_a_rename_reindexes(client):
    project = ProjectFactory(name="奥迪测试项目")
    assert project.get_absolute_url() in found(client, "奥迪")
    project.name = "红旗测试项目"
    project.save()
    assert found(client, "奥迪") == []
    assert project.get_absolute_url() in found(client, "红旗")


def test_a_delete_removes(client):
    project = ProjectFactory(name="奥迪测试项目")
    project.delete()
    assert found(client, "奥迪") == []
    assert not Document.objects.exists()


def admin_action(admin_client, model, action, objects, **data):
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = admin_client.post(
        changelist, {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **data}
    )
    assert response.status_code == 302


def test_the_admin_publish_and_withdraw_actions(client, admin_client):
    project = ProjectFactory(name="奥迪测试项目", draft=True)
    assert found(client, "奥迪") == []
    admin_action(admin_client, Project, "publish", [project])
    assert project.get_absolute_url() in found(client, "奥迪")
    admin_action(admin_client, Project, "withdraw", [project], post="yes", reason="数据有误")
    assert found(client, "奥迪") == []


def test_a_policys_measures_follow_its_publication(client, admin_client):
    policy = PolicyFactory(short_title="民营经济测试条款", draft=True)
    measure = PolicyMeasureFactory(policy=policy, number=1, text="支持民营企业融资")
    assert found(client, "融资") == []
    admin_action(admin_client, Policy, "publish", [policy])
    assert measure.get_absolute_url() in found(client, "融资")
    policy.status = "draft"
    policy.save()
    assert found(client, "融资") == []


HEADERS = ["项目编号", "项目名称", "所在地区", "总投资（亿元）", "发布状态"]


def test_the_command_line_bulk_import(client, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "项目.csv"
    path.write_bytes(csv_bytes([HEADERS, ["P1", "奥迪导入项目", "长春", "1", "已发布"]]))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_data", "projects", str(path), "--publish", stdout=None)
    assert "/projects/" in found(client, "奥迪")[0]
    # An import that withdraws it removes it.
    path.write_bytes(csv_bytes([HEADERS, ["P1", "奥迪导入项目", "长春", "1", "草稿"]]))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_data", "projects", str(path), "--publish", stdout=None)
    assert found(client, "奥迪") == []


@pytest.mark.parametrize(
    "resource, rows, kind",
    [
        ("events", [["活动名称", "活动类型", "发布状态"], ["霜岭冰雕大会", "大会", "已发布"]], "event"),
        ("policies", [["政策简称", "标题", "发布状态"], ["霜岭冰雕十条", "霜岭冰雕扶持办法", "已发布"]], "policy"),
        ("measures", [["政策简称", "条款序号", "条款标题", "条款内容"], ["冰雪测试政策", "1", "霜岭冰雕补贴", "补贴"]], "measure"),
        ("articles", [["标题", "栏目", "正文", "发布状态"], ["霜岭冰雕开幕", "测试栏目", "<p>开幕</p>", "已发布"]], "article"),
    ],
)  # fmt: skip
def test_every_kind_a_bulk_import_writes_is_found(
    client, tmp_path, django_capture_on_commit_callbacks, resource, rows, kind
):
    """The bulk path of each importable kind the search finds (projects: above) indexes the
    rows it wrote, once committed."""
    PolicyFactory(short_title="冰雪测试政策", declared_measure_count=10)
    ChannelFactory(name="测试栏目")
    path = tmp_path / "导入.csv"
    path.write_bytes(csv_bytes(rows))
    assert found(client, "霜岭冰雕") == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_data", resource, str(path), "--publish", stdout=None)
    urls = found(client, "霜岭冰雕")
    assert len(urls) == 1 and Document.objects.get(url=urls[0]).kind == kind


@pytest.mark.usefixtures("self_approval")  # a superuser's own import is published as given
def test_the_admin_import(client, admin_client, django_capture_on_commit_callbacks):
    """By someone who may publish: a 数据专员's 已发布 rows wait for review (not public)."""
    staff = admin_client
    data = csv_bytes([HEADERS, ["P1", "奥迪后台导入项目", "长春", "1", "已发布"]])
    preview = staff.post(
        reverse("admin:projects_project_import"),
        {"import_file": SimpleUploadedFile("项目.csv", data)},
        follow=True,
    )
    job = preview.context["job"]
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("admin:projects_project_import_job", args=[job.pk]),
            {"action": "confirm"},
            follow=True,
        )
    assert Project.objects.get(code="P1").get_absolute_url() in found(client, "奥迪")


def test_the_rebuild_shows_its_progress_and_the_site_searches_meanwhile(client, monkeypatch):
    """The command is run on a live site: each batch is written over the documents the
    public searches, and a bar shows how far it is."""
    projects = {ProjectFactory(name=f"奥迪测试项目{n}").get_absolute_url() for n in range(3)}
    monkeypatch.setattr(indexing, "BATCH", 1)
    meanwhile, index = [], indexing.index

    def batch(source, pks):
        cache.clear()  # (a search, not what was remembered of it)
        meanwhile.append(set(found(client, "奥迪")))
        return index(source, pks)

    monkeypatch.setattr(indexing, "index", batch)
    progress = io.StringIO()
    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=progress)
    assert len(meanwhile) >= 3 and all(urls == projects for urls in meanwhile)
    assert "重建搜索索引" in progress.getvalue() and "100%" in progress.getvalue()


def test_rebuild_restores_a_lost_index(client):
    project = ProjectFactory(name="奥迪测试项目")
    Document.objects.all().delete()
    Document.objects.create(
        kind="project", object_id=999999, title="幽灵", url="/x/", published_at=project.published_at
    )
    call_command("rebuild_search_index", stdout=None, stderr=None)
    assert found(client, "奥迪") == [project.get_absolute_url()]
    assert found(client, "幽灵") == []


def documents_written(queries):
    return [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "search_document"')]


def test_reindexing_writes_only_the_documents_that_changed(client):
    """A re-import or a rebuild of rows as they were leaves their documents (and the cards and
    counts their triggers keep) alone; a row that changed is written."""
    kept = ProjectFactory(name="奥迪测试项目")
    edited = ProjectFactory(name="红旗测试项目")
    Project.objects.filter(pk=edited.pk).update(name="解放测试项目")  # no signal: not indexed
    source = registry.source_for_model(Project)
    with CaptureQueriesContext(connection) as queries:
        indexing.index(source, [kept.pk, edited.pk])
    (written,) = documents_written(queries)
    assert "解放测试项目" in written and "奥迪测试项目" not in written
    assert found(client, "解放") == [edited.get_absolute_url()]
    assert found(client, "红旗") == []
    assert found(client, "奥迪") == [kept.get_absolute_url()]
    with CaptureQueriesContext(connection) as queries:
        indexing.index(source, [kept.pk, edited.pk])
    assert documents_written(queries) == []


def test_a_name_added_to_the_dictionary_cuts_text_indexed_after_it_whole():
    """Text cut before a name was known is not reused for the same words afterwards."""
    indexing.load_vocabulary(force=True)
    before = ProjectFactory(name="霜岭冰酿酒厂项目")
    assert "霜岭冰酿" not in Document.objects.get(object_id=before.pk).title_terms.split()
    IndustryFactory(name="霜岭冰酿")  # a new name: every process reloads its names
    after = ProjectFactory(name="霜岭冰酿酒厂项目")
    assert "霜岭冰酿" in Document.objects.get(object_id=after.pk).title_terms.split()


CARD_COLUMNS = ["id", "kind", "object_id", "region", "area", "year", "published_at"]


def test_the_cards_follow_one_batch_that_adds_changes_and_removes_documents(client):
    """One statement writes a batch's documents (new ones and changed ones together); the cards
    the search counts and ranks by follow it, vectors included."""
    kept, edited, withdrawn = (ProjectFactory(name=f"奥迪测试项目{n}") for n in range(3))
    Project.objects.filter(pk=edited.pk).update(name="红旗测试项目")
    Project.objects.filter(pk=withdrawn.pk).update(status="draft")
    Document.objects.filter(object_id=kept.pk).delete()  # lost: written anew
    indexing.index(registry.source_for_model(Project), [kept.pk, edited.pk, withdrawn.pk])
    documents = list(Document.objects.order_by("id").values_list(*CARD_COLUMNS))
    assert [d[2] for d in documents] == [edited.pk, kept.pk]
    assert list(Card.objects.order_by("id").values_list(*CARD_COLUMNS)) == documents
    titles = TitleCard.objects.order_by("id").values_list(*CARD_COLUMNS, "title")
    assert [t[:-1] for t in titles] == documents and titles[0][-1] == "红旗测试项目"
    assert found(client, "红旗") == [edited.get_absolute_url()]
    assert found(client, "奥迪") == [kept.get_absolute_url()]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_document d JOIN search_card c USING (id) "
                "JOIN search_titlecard t USING (id) WHERE c.vector = strip("
                "to_tsvector('simple', d.title_terms) || to_tsvector('simple', d.body_terms)) "
                "|| array_to_tsvector(array_remove(ARRAY['kind=' || d.kind, 'region=' || "
                "nullif(d.region, ''), 'area=' || nullif(d.area, ''), 'year=' || d.year], NULL)) "
                "AND t.title_vector = setweight(to_tsvector('simple', d.title_terms), 'A')"
            )
            assert cursor.fetchone()[0] == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN pending lists: PostgreSQL")
@pytest.mark.parametrize("how", ["import", "rebuild", "rename"])
def test_bulk_indexing_leaves_nothing_pending_in_the_indexes(
    tmp_path, django_capture_on_commit_callbacks, how
):
    """A search scans each entry pending in a GIN index in turn (3,000 of them added 2–9 ms to
    one count at 200,000 documents), and only autovacuum or a 4 MB list merges them: an
    import's indexing, a rebuild, or a rename's reindexing merges what it wrote."""
    path = tmp_path / "项目.csv"
    rows = [[f"P{n}", f"奥迪导入项目{n}", "长春", "1", "已发布"] for n in range(30)]
    path.write_bytes(csv_bytes([HEADERS, *rows]))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_data", "projects", str(path), "--publish", stdout=None)
    if how == "rebuild":
        Document.objects.all().delete()
        indexing.rebuild()
    if how == "rename":
        indexing.merge_pending()
        changchun = Region.objects.get(slug="changchun")
        changchun.name, changchun.short_name = "春城市", "春城"
        with django_capture_on_commit_callbacks(execute=True):
            changchun.save()  # its 30 projects reindexed, in a background task
        assert "春城" in Document.objects.filter(kind="project").first().body
    assert Document.objects.filter(kind="project").count() == 30
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, gin_clean_pending_list(c.oid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND i.indrelid::regclass::text LIKE 'search%%'"
        )
        pending = dict(cursor.fetchall())
    assert len(pending) >= 4 and not any(pending.values()), pending


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN pending lists: PostgreSQL")
def test_a_database_user_that_does_not_own_the_indexes_is_only_warned(caplog):
    """Only the indexes' owner may merge their pending entries (the site's user may not be
    it): the indexing goes on, in a transaction still usable."""
    role = f"jlsite_not_owner_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role}")  # (in the test's transaction: rolled back)
        cursor.execute(f"SET LOCAL ROLE {role}")
    indexing.merge_pending()
    assert "Could not merge" in caplog.text
    with connection.cursor() as cursor:  # the transaction goes on
        cursor.execute("RESET ROLE")
        cursor.execute("SELECT count(*) FROM search_document")
