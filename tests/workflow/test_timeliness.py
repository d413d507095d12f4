"""Sections not updated within their interval are listed on the admin home and by a command."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jlsite.publishing import PublicationStatus
from tests.articles.factories import ArticleFactory, ChannelFactory
from tests.conftest import sign_in
from tests.pages import main_text
from workflow.models import SectionSchedule
from workflow.timeliness import overdue_sections

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def channels():
    """工作动态 last updated 20 days ago, 通知公告 3 days ago, 关于我们 never (not monitored),
    政策解读 never; a draft and a scheduled article count for nothing."""
    news = ChannelFactory(name="工作动态")
    ArticleFactory(channel=news, published_at=days_ago(20))
    ArticleFactory(channel=news, status=PublicationStatus.DRAFT, published_at=days_ago(1))
    ArticleFactory(channel=news, published_at=timezone.now() + timedelta(days=1))
    ArticleFactory(channel=ChannelFactory(name="通知公告"), published_at=days_ago(3))
    ChannelFactory(name="关于我们", update_interval=0)
    ChannelFactory(name="政策解读")
    # Sections that are whole kinds of content are not checked here.
    for key in ("projects.project", "projects.event", "articles.policy"):
        SectionSchedule.objects.create(key=key, name=key, update_interval=0)


def test_overdue_channels_are_those_past_their_interval(channels):
    now = timezone.now()
    late = {s.name: s.state(now) for s in overdue_sections(now)}
    assert set(late) == {"工作动态", "政策解读"}
    assert late["工作动态"].startswith("已 20 天未更新（要求每 14 天）")
    assert late["政策解读"] == "从未发布内容（要求每 14 天更新）"


def test_a_kind_of_content_is_a_section_with_its_own_interval():
    from tests.projects.factories import EventFactory

    EventFactory(published_at=days_ago(30))
    names = {s.name for s in overdue_sections()}
    assert {"招商活动", "项目库", "政策文件"} <= names
    schedule = SectionSchedule.objects.get(key="projects.event")
    schedule.update_interval = 60
    schedule.save()
    assert "招商活动" not in {s.name for s in overdue_sections()}


def test_the_admin_home_lists_overdue_sections(client, editor_user, channels):
    sign_in(client, editor_user)
    home = main_text(client.get(reverse("admin:index")))
    assert "超期未更新的栏目" in home
    overdue = home.split("超期未更新的栏目")[1].split("招商项目")[0]
    assert "工作动态" in overdue and "已 20 天未更新" in overdue and "通知公告" not in overdue


def test_the_command_prints_them_and_exits_1(channels, capsys):
    with pytest.raises(SystemExit) as exit:
        call_command("overdue_sections")
    assert exit.value.code == 1
    out = capsys.readouterr().out
    assert "工作动态：已 20 天未更新" in out and "共 2 个栏目超期未更新" in out

    with pytest.raises(SystemExit):
        call_command("overdue_sections", "--quiet")
    assert capsys.readouterr().out == ""


def test_the_command_exits_0_when_all_are_up_to_date(channels, capsys):
    from articles.models import Channel

    Channel.objects.filter(name__in=["工作动态", "政策解读"]).update(update_interval=0)
    call_command("overdue_sections")
    assert "所有栏目均按时更新" in capsys.readouterr().out
