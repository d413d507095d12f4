"""URL slugs from Chinese names, through pinyin, and the model base that fills them on save."""

from itertools import batched

from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from pypinyin import lazy_pinyin, load_phrases_dict
from pypinyin.constants import RE_HANS
from pypinyin.converter import DefaultConverter
from pypinyin.core import Pinyin

SLUG_MAX_LENGTH = 200

# Jilin place names whose first character pypinyin reads the common way (长 zhǎng, 朝 zhāo).
load_phrases_dict(
    {
        "长白": [["cháng"], ["bái"]],
        "长岭": [["cháng"], ["lǐng"]],
        "朝阳": [["cháo"], ["yáng"]],
        "朝鲜": [["cháo"], ["xiǎn"]],
    }
)


def pinyin_slug(text, max_length=SLUG_MAX_LENGTH, separator="-"):
    """`奥迪一汽新能源汽车` → `ao-di-yi-qi-xin-neng-yuan-qi-che`; ASCII runs are kept whole."""
    syllables = lazy_pinyin(text or "", errors="default")
    slug = slugify(separator.join(syllables))
    return slug[:max_length].strip("-")


class RememberingConverter(DefaultConverter):
    """pypinyin's converter, remembering each word it has converted: the names in one file
    share most of their words and characters, which makes slugs three times faster."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.memory = {}

    def convert(self, words, style, heteronym, errors, strict, **kwargs):
        if not RE_HANS.match(words):  # digits and Latin letters: cheap, and often unique
            return super().convert(words, style, heteronym, errors, strict, **kwargs)
        key = (words, style, heteronym, errors, strict, tuple(sorted(kwargs.items())))
        if key not in self.memory:
            self.memory[key] = super().convert(words, style, heteronym, errors, strict, **kwargs)
        return [list(syllables) for syllables in self.memory[key]]


class SlugMaker:
    """`pinyin_slug` for many names at once (same result, tested)."""

    def __init__(self):
        self.pinyin = Pinyin(RememberingConverter())

    def __call__(self, text, max_length=SLUG_MAX_LENGTH):
        syllables = self.pinyin.lazy_pinyin(text or "", errors="default")
        return slugify("-".join(syllables))[:max_length].strip("-")


class SlugAllocator:
    """Hands out pinyin slugs unique in a model's table and among those it handed out before.

    One allocator serves one save, or one whole import (whose batches must not collide with
    each other before they are written); it asks two queries per call whatever the count.
    """

    def __init__(self, model):
        self.model = model
        self.max_length = model._meta.get_field("slug").max_length
        self.used = set()
        self.slug = SlugMaker()

    def assign(self, instances):
        """Fill the blank slugs of `instances` from their `slug_text()`."""
        manager = self.model._default_manager
        others = manager.exclude(pk__in=[i.pk for i in instances if i.pk is not None])
        blank = [i for i in instances if not i.slug]
        self.used.update(i.slug for i in instances if i.slug)
        bases = {
            id(i): self.slug(i.slug_text(), self.max_length) or self.model._meta.model_name
            for i in blank
        }
        taken = set(others.filter(slug__in=set(bases.values())).values_list("slug", flat=True))
        counts = {}
        for base in bases.values():
            counts[base] = counts.get(base, 0) + 1
        crowded = sorted(
            {b for b in bases.values() if b in taken or b in self.used or counts[b] > 1}
        )
        for group in batched(crowded, 200):
            query = Q()
            for base in group:
                query |= Q(slug__startswith=base[: self.max_length - 8].rstrip("-") + "-")
            taken.update(others.filter(query).values_list("slug", flat=True))
        for instance in blank:
            base = bases[id(instance)]
            candidate, n = base, 2
            while candidate in taken or candidate in self.used:
                suffix = f"-{n}"
                candidate = base[: self.max_length - len(suffix)].rstrip("-") + suffix
                n += 1
            instance.slug = candidate
            self.used.add(candidate)


class SluggedModel(models.Model):
    """A model whose blank `slug` is filled on save from the pinyin of `slug_source`.

    Subclasses declare the `slug` field themselves (lengths and help texts differ) and name
    the field it comes from; bulk writers, which skip `save()`, use `SlugAllocator` directly.
    """

    slug_source = "name"

    class Meta:
        abstract = True

    def slug_text(self):
        return getattr(self, self.slug_source)

    def save(self, *args, **kwargs):
        if not self.slug:
            SlugAllocator(type(self)).assign([self])
        super().save(*args, **kwargs)
