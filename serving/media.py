"""Uploaded files (cover images) from MEDIA_ROOT, for a site served by one app server.

WhiteNoise serves only the static files collected at deploy time. With SERVE_MEDIA on (the
default unless uploads go to object storage, see S3_BUCKET) this route serves the uploads;
with several app servers, uploads live in object storage and its own URLs serve them.
"""

import re

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.urls import re_path
from django.views.decorators.http import require_safe
from django.views.static import serve

MAX_AGE = 24 * 60 * 60
# An upload is shown, never run: no scripts, frames or plugins, whatever the file holds.
SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@require_safe
def serve_media(request, path):
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:  # a path that leaves MEDIA_ROOT
        raise Http404("没有这个文件。") from None
    response["Content-Security-Policy"] = SANDBOX
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def media_urlpatterns():
    if not settings.SERVE_MEDIA:
        return []
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.+)$", serve_media, name="media")]
