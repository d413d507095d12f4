"""Signals of the bulk path, which skips `save()` and the model signals.

`records_imported` is sent inside the import's transaction, after its rows are written and
before it commits, with `sender` the model, `pks` the primary keys of the records the
import created or changed, `names_created` the models it added rows to for names a column
did not find (the 企业 of a project's 投资方), `user` who imported (None from the command
line), `source` what the import is called in the history (表格导入 项目.xlsx) and `using`
the database.
Listeners that keep something in step with the data (a search
index, page caches, history) hook here as they hook `post_save` for single saves; what must
happen only once the data is committed belongs in `transaction.on_commit`.
"""

from django.dispatch import Signal

records_imported = Signal()
