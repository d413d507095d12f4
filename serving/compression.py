"""gzip for pages, feeds, sitemaps, JSON and CSV, with Django's BREACH mitigation (random bytes
in every gzip header); images, archives and spreadsheets are compressed already."""

from django.middleware.gzip import GZipMiddleware

ALREADY_COMPRESSED = (
    "image/",
    "audio/",
    "video/",
    "application/zip",
    "application/gzip",
    "application/vnd.openxmlformats",  # .xlsx is a zip archive
)


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if content_type.startswith(ALREADY_COMPRESSED) and "svg" not in content_type:
            return response
        return super().process_response(request, response)
