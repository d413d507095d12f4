from jlsite.filters import FilterForm
from pagecache.versions import memoize_in_process

from .widgets import use_python_markup


class ContentFilterForm(FilterForm):
    """A list's filter form whose options (regions, industries, channels, years…) change only
    with the content: written in Python, its options kept per process and content version."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_python_markup(self, remember_options=memoize_in_process)
