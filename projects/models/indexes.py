from django.db import models
from django.db.models import F, Value
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, Lower, NullIf


class SortIndex(models.Index):
    """An index in the order of an ORDER BY with NULLS FIRST/LAST.

    PostgreSQL stores the NULLs' place in the index, which it needs to read the index in that
    order. SQLite cannot write the modifier but sorts NULLs first, so there the index without
    it still serves DESC NULLS LAST.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        index = self
        if schema_editor.connection.vendor != "postgresql":
            index = self.clone()
            index.expressions = tuple(
                OrderBy(e.expression, descending=e.descending) if isinstance(e, OrderBy) else e
                for e in self.expressions
            )
        return super(SortIndex, index).create_sql(model, schema_editor, using, **kwargs)


def english_name_key():
    """What an English list sorts by name on: the English name in lower case or, where there is
    none yet, the slug (the Chinese name in pinyin), so untranslated rows sort among the others
    rather than all first (NULL) or all last (Chinese after Latin in code point order)."""
    return Coalesce(
        Lower(NullIf(F("name_en"), Value(""))), F("slug"), output_field=models.CharField()
    )
