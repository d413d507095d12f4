import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Policy, PolicyMeasure
from tests.articles.factories import PolicyFactory, PolicyMeasureFactory

pytestmark = pytest.mark.django_db


def test_duplicate_measure_number_is_rejected_by_the_database():
    policy = PolicyFactory(declared_measure_count=40)
    PolicyMeasure.objects.create(policy=policy, number=3, text="第三条")
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyMeasure.objects.create(policy=policy, number=3, text="又一个第三条")
    assert policy.measures.count() == 1


@pytest.mark.parametrize("number", [0, 41])
def test_measure_number_outside_one_to_declared_count_is_rejected(number):
    policy = PolicyFactory(declared_measure_count=40)
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyMeasure.objects.create(policy=policy, number=number, text="越界")
    assert not policy.measures.exists()


def test_last_declared_number_is_accepted():
    policy = PolicyFactory(declared_measure_count=40)
    PolicyMeasure.objects.create(policy=policy, number=40, text="第四十条")
    assert policy.measures.get().number == 40


def test_renumbering_a_measure_past_the_declared_count_is_rejected():
    measure = PolicyMeasureFactory(policy=PolicyFactory(declared_measure_count=10), number=10)
    measure.number = 11
    with pytest.raises(IntegrityError), transaction.atomic():
        measure.save()
    measure.refresh_from_db()
    assert measure.number == 10


def test_lowering_the_declared_count_below_an_entered_measure_is_rejected():
    policy = PolicyFactory(declared_measure_count=40)
    PolicyMeasure.objects.create(policy=policy, number=35, text="第三十五条")
    policy.declared_measure_count = 30
    with pytest.raises(IntegrityError), transaction.atomic():
        policy.save()
    assert Policy.objects.get(pk=policy.pk).declared_measure_count == 40


def test_measure_form_validation_names_the_allowed_range():
    policy = PolicyFactory(declared_measure_count=40)
    measure = PolicyMeasure(policy=policy, number=41, text="越界")
    with pytest.raises(ValidationError) as excinfo:
        measure.full_clean()
    assert "1 至 40" in str(excinfo.value.message_dict["number"])


def test_completeness_counts_entered_measures_against_the_declared_count():
    policy = PolicyFactory(declared_measure_count=40)
    for n in (1, 2, 5):
        PolicyMeasure.objects.create(policy=policy, number=n, text=f"第{n}条")
    annotated = Policy.objects.with_completeness().get(pk=policy.pk)
    assert annotated.completeness_label == "已录入 3 / 40 条"
    assert not annotated.is_complete


def test_an_article_cannot_take_the_feeds_address():
    from tests.articles.factories import ArticleFactory

    article = ArticleFactory.build(slug="feed", channel=ArticleFactory().channel)
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "系统保留" in str(excinfo.value.message_dict["slug"])
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()
