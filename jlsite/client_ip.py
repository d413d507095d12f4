"""Who the client is: REMOTE_ADDR, unless a trusted reverse proxy names it in a header."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's IP address, or None when it is missing or not an address.

    With CLIENT_IP_HEADER set (e.g. X-Real-IP), the proxy's header is believed; for
    X-Forwarded-For the last address is the one our own proxy appended.
    """
    value = request.META.get("REMOTE_ADDR", "")
    if settings.CLIENT_IP_HEADER:
        key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        value = request.META.get(key, "").split(",")[-1] or value
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
