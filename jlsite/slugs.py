"""URL slugs from Chinese names, through pinyin."""

from django.utils.text import slugify
from pypinyin import lazy_pinyin, load_phrases_dict

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


def unique_slug(instance, text, field="slug", max_length=SLUG_MAX_LENGTH):
    """A pinyin slug for `instance` that no other row of its model holds."""
    base = pinyin_slug(text, max_length) or instance._meta.model_name
    model = type(instance)
    others = (
        model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager
    )
    candidate, n = base, 2
    while others.filter(**{field: candidate}).exists():
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return candidate
