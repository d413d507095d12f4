import factory

from articles.models import Article, Channel, Policy, PolicyMeasure
from tests.projects.factories import PublishedMixin


class ChannelFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"测试栏目{n}")

    class Meta:
        model = Channel
        django_get_or_create = ("name",)


class ArticleFactory(PublishedMixin):
    title = factory.Sequence(lambda n: f"测试文章{n}")
    channel = factory.SubFactory(ChannelFactory)
    source = "吉林日报"
    body = "<p>正文</p>"

    class Meta:
        model = Article


class PolicyFactory(PublishedMixin):
    short_title = factory.Sequence(lambda n: f"测试政策{n}条")
    title = factory.LazyAttribute(lambda o: f"关于{o.short_title}的通知")
    declared_measure_count = 10

    class Meta:
        model = Policy


class PolicyMeasureFactory(factory.django.DjangoModelFactory):
    policy = factory.SubFactory(PolicyFactory)
    number = factory.Sequence(lambda n: n % 10 + 1)
    title = "条款标题"
    text = "条款内容"

    class Meta:
        model = PolicyMeasure
