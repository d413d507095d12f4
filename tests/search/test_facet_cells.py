"""A search that counts its matches one by one counts them by facet cell on PostgreSQL (each
card holds the number of its type, region, area and year: migration 0012), and the cells
follow every change of a record's facets: the counts stay exact."""

import threading
import time
from datetime import datetime

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jlsite.publishing import PublicationStatus
from search import counts, query, text
from search.models import Document, FacetCell
from tests.projects.factories import ProjectFactory, region

pytestmark = pytest.mark.django_db


def expected(q, title=False):
    """{(kind, region, area, year): n} of the public documents holding every word of `q` (in
    their titles, with `title`), counted from the documents themselves."""
    found = {}
    for document in Document.objects.filter(published_at__lte=timezone.now()):
        text = document.title if title else f"{document.title} {document.body}"
        if all(word in text for word in q.split()):
            key = (document.kind, document.region, document.area, document.year)
            found[key] = found.get(key, 0) + 1
    return found


def card_cells():
    """{document id: (kind, region, area, year) of its card's cell, of its title card's}."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, f.kind, f.region, f.area, f.year, t.kind, t.region, t.area, t.year "
            "FROM search_card c JOIN search_facetcell f ON f.id = c.cell "
            "JOIN search_titlecard tc ON tc.id = c.id JOIN search_facetcell t ON t.id = tc.cell"
        )
        return {row[0]: (row[1:5], row[5:]) for row in cursor.fetchall()}


def at(year):
    return timezone.make_aware(datetime(year, 5, 1))


def test_counts_of_several_words_follow_records_that_move_region_year_or_go_back_to_draft():
    words = "风电 装备"
    one = ProjectFactory(
        name="风电装备基地", summary="能源", region=region("huichun"), published_at=at(2021)
    )
    ProjectFactory(
        name="风电场", summary="新建装备", region=region("nongan"), published_at=at(2022)
    )
    ProjectFactory(name="装备", summary="风电", region=region("nongan"), published_at=at(2022))
    ProjectFactory(name="风电", summary="储能", region=region("nongan"))  # one word only
    parsed = query.parse("风电装备")
    assert counts.counted(parsed) == (expected(words), expected(words, True))
    assert sum(counts.counted(parsed)[0].values()) == 3
    one.region = region("changchun")
    one.published_at = at(2023)
    one.save()
    everything, titles = counts.counted(parsed)
    assert everything == expected(words) and titles == expected(words, True)
    assert titles == {("project", "changchun", "changchun", 2023): 1}
    one.status = PublicationStatus.DRAFT
    one.save()
    assert sum(counts.counted(parsed)[0].values()) == 2


def test_a_document_without_a_year_is_counted_without_one():
    moment = timezone.now() - timezone.timedelta(days=1)
    for n in range(2):
        Document.objects.create(
            kind="article", object_id=900 + n, title=f"冷链物流{n}",
            title_terms=text.index_terms("冷链物流"), body="", url=f"/a/{n}/", region="",
            area="", year=None, published_at=moment,
        )  # fmt: skip
    everything, titles = counts.counted(query.parse("冷链物流"))
    assert everything == titles == {("article", "", "", None): 2}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's cards")
def test_each_card_holds_its_documents_cell_and_a_new_combination_adds_a_cell():
    project = ProjectFactory(name="风电装备", region=region("huichun"), published_at=at(2021))
    cells = FacetCell.objects.count()
    document = Document.objects.get(kind="project", object_id=project.pk)
    facets = ("project", "huichun", "yanbian", 2021)
    assert card_cells()[document.pk] == (facets, facets)
    project.region = region("nongan")
    project.save()
    facets = ("project", "nongan", "changchun", 2021)
    assert card_cells()[document.pk] == (facets, facets)
    assert FacetCell.objects.count() == cells + 1
    project.region = region("huichun")
    project.save()  # the cell it had before, not a new one
    assert FacetCell.objects.count() == cells + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's cards")
def test_matches_counted_one_by_one_are_grouped_by_cell_not_by_four_text_columns():
    ProjectFactory(name="风电装备基地", region=region("huichun"))
    with CaptureQueriesContext(connection) as captured:
        counts.counted(query.parse("风电装备"))
    (sql,) = [q["sql"] for q in captured.captured_queries if "GROUP BY" in q["sql"]]
    assert "GROUP BY cell" in sql and "GROUP BY 2, 3, 4, 5" not in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_bringing_the_same_new_cell_at_once_share_it():
    """The second writer waits for the first's uncommitted cell, then files its card under it."""
    first_wrote = threading.Event()
    errors, moments = [], {}

    def write(n, before_commit):
        try:
            with transaction.atomic():
                moments[f"{n} writes"] = time.monotonic()
                Document.objects.create(
                    kind="article", object_id=700 + n, title="并发", title_terms="并发",
                    url=f"/c/{n}/", region="test-new", area="test-area", year=2031,
                    published_at=timezone.now(),
                )  # fmt: skip
                before_commit()
            moments[f"{n} committed"] = time.monotonic()
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def hold():
        first_wrote.set()
        time.sleep(0.5)  # the second writer is waiting on the cell meanwhile

    first = threading.Thread(target=write, args=(1, hold))
    second = threading.Thread(target=lambda: (first_wrote.wait(5), write(2, lambda: None)))
    first.start()
    second.start()
    first.join()
    second.join()
    assert not errors
    # (The second wrote while the first's cell was uncommitted, and finished after it.)
    assert moments["2 writes"] < moments["1 committed"] < moments["2 committed"]
    (cell,) = FacetCell.objects.filter(region="test-new")
    assert (cell.kind, cell.area, cell.year) == ("article", "test-area", 2031)
    ids = Document.objects.filter(region="test-new").values_list("id", flat=True)
    cells = card_cells()
    assert [cells[i] for i in ids] == [(("article", "test-new", "test-area", 2031),) * 2] * 2
