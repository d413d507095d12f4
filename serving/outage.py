"""While the database is away (a restart, a failover), pages answer 503 with Retry-After
rather than 500: a balancer and a browser both learn that the site will be back, and the
error is logged once per request as the reason, without the traceback of an outage."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from jlsite.context_processors import site_identity

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable for %s: %s", request.path, exception)
        html = loader.get_template("500.html").render({"site": site_identity()})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
