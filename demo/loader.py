"""Load the demo data from the source article, idempotently: a second run writes nothing."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.html import escape

from articles.models import Article, Channel, Policy
from jlsite.publishing import PublicationStatus
from projects.models import Company, Event, Industry, Milestone, Project, Region, Statistic

from . import facts

SHANGHAI = ZoneInfo("Asia/Shanghai")
PUBLISHED = PublicationStatus.PUBLISHED


def upsert(model, lookup, values=None, m2m=None):
    """Get or create by `lookup`; save only the fields that differ; set only m2m that differ."""
    values = values or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
    else:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
    for name, wanted in (m2m or {}).items():
        manager = getattr(obj, name)
        if set(manager.values_list("pk", flat=True)) != {o.pk for o in wanted}:
            manager.set(wanted)
    return obj


def read_source_article():
    """(title, body paragraphs) from the stored copy of the article."""
    lines = (Path(__file__).parent / facts.ARTICLE_FILE).read_text(encoding="utf-8").splitlines()
    title = lines[0].strip()
    paragraphs = []
    for line in lines[1:]:
        text = line.strip()
        if text.startswith("责任编辑"):
            break
        if not text or text.startswith(("时间:", "分享本页至手机")):
            continue
        paragraphs.append(text)
    return title, paragraphs


@transaction.atomic
def load_demo():
    published_at = datetime.strptime(facts.ARTICLE["published_at"], "%Y-%m-%d %H:%M:%S").replace(
        tzinfo=SHANGHAI
    )
    public = {"status": PUBLISHED, "published_at": published_at}

    channels = {
        name: upsert(Channel, {"name": name}, {"order": order, "name_en": facts.CHANNELS_EN[name]})
        for order, name in enumerate(facts.CHANNELS, start=1)
    }
    industries = {
        name: upsert(
            Industry,
            {"name": name},
            {"tier": tier, "order": order, "name_en": facts.INDUSTRIES_EN[name]},
        )
        for name, tier, order in facts.INDUSTRIES
    }
    companies = {name: upsert(Company, {"name": name}) for name in facts.COMPANIES}
    regions = {r.slug: r for r in Region.objects.all()}

    projects = {}
    for name, data in facts.PROJECTS.items():
        projects[name] = upsert(
            Project,
            {"name": name},
            {
                "region": regions[data["region"]] if data.get("region") else None,
                "stage": data.get("stage", ""),
                "summary": data["summary"],
                "featured": data.get("featured", False),
                **public,
            },
            m2m={
                "industries": [industries[i] for i in data.get("industries", [])],
                "investors": [companies[c] for c in data.get("investors", [])],
            },
        )

    events = {
        name: upsert(Event, {"name": name}, {**data, **public})
        for name, data in facts.EVENTS.items()
    }
    policies = {
        short: upsert(Policy, {"short_title": short}, {"title": short, **data, **public})
        for short, data in facts.POLICIES.items()
    }

    title, paragraphs = read_source_article()
    article = upsert(
        Article,
        {"original_code": facts.ARTICLE["original_code"]},
        {
            "title": title,
            "channel": channels[facts.ARTICLE["channel"]],
            "source": facts.ARTICLE["source"],
            "editor": facts.ARTICLE["editor"],
            "summary": paragraphs[1],
            "body": "".join(f"<p>{escape(p)}</p>" for p in paragraphs),
            **public,
        },
        m2m={
            "related_projects": list(projects.values()),
            "related_events": list(events.values()),
            "related_policies": list(policies.values()),
        },
    )

    for project_name, day, kind, description in facts.MILESTONES:
        upsert(
            Milestone,
            {"project": projects[project_name], "date": day, "kind": kind},
            {"description": description, "source_article": article},
        )

    for indicator, year, start, end, growth, approximate, remark in facts.STATISTICS:
        upsert(
            Statistic,
            {
                "indicator": indicator,
                "region": None,
                "year": year,
                "month_start": start,
                "month_end": end,
            },
            {
                "yoy_growth": growth,
                "approximate": approximate,
                "remark": remark,
                "source_article": article,
                **public,
            },
        )
