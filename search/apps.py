from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "站内搜索"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

        from jlsite import roles
        from jlsite.publishing import publication_changed
        from pagecache.versions import watch
        from spreadsheets.signals import records_imported

        from . import indexing, registry, text

        autodiscover_modules("search_documents")
        for source in registry.sources():
            for field in source.model._meta.local_many_to_many:
                m2m_changed.connect(
                    indexing.links_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"search-m2m-{source.kind}-{field.name}",
                )
        watched = {s.model for s in registry.sources()}
        watched |= {m for s in registry.sources() for m in s.depends_on}
        for model in watched:
            uid = f"search-{model._meta.label}"
            post_save.connect(indexing.saved, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(indexing.deleted, sender=model, dispatch_uid=f"{uid}-delete")
        for model in registry.named_models():
            post_save.connect(
                indexing.renamed, sender=model, dispatch_uid=f"search-renamed-{model._meta.label}"
            )
            pre_delete.connect(
                indexing.unnamed, sender=model, dispatch_uid=f"search-unnamed-{model._meta.label}"
            )
        registry.register_vocabulary(synonym_words, models=[self.get_model("Synonym")])
        for model in registry.vocabulary_models():
            uid = f"search-vocabulary-{model._meta.label}"
            post_save.connect(indexing.vocabulary_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(
                indexing.vocabulary_changed, sender=model, dispatch_uid=f"{uid}-delete"
            )
        records_imported.connect(indexing.imported, dispatch_uid="search-import")
        publication_changed.connect(indexing.publication_changed, dispatch_uid="search-publish")
        watch(self.get_model("Synonym"))  # synonyms change what searches find
        roles.grant(roles.EDITOR, editor_permissions)
        text.tokenizer()  # jieba's dictionary: a second to load, so not on the first search


def synonym_words():
    from .models import Synonym

    for synonym in Synonym.objects.all():
        yield from synonym.word_list()


def editor_permissions(using):
    """编辑 keep the synonym table and read the query log."""
    from django.contrib.auth.models import Permission

    codenames = [f"{a}_synonym" for a in ("add", "change", "view")] + ["view_querylog"]
    return Permission.objects.using(using).filter(
        content_type__app_label="search", codename__in=codenames
    )
