"""Gunicorn's access log without what people type into the search boxes.

The site logs each search's words with its result count and time only (search.QueryLog);
the access log holds every request's client address, so a `q` parameter there would tie
the words to the address that searched. Its value is logged as "-" (the request line, the
query string and the referring page); the path and the other parameters stay.
"""

import re

from gunicorn.glogging import Logger

TYPED = re.compile(r"(?:(?<=[?&])|^)q=[^&\s]*")
WITH_QUERIES = ("r", "q", "f", "{referer}i")  # the request line, query string, referring page


class AccessLog(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in WITH_QUERIES:
            if isinstance(atoms.get(name), str):
                atoms[name] = TYPED.sub("q=-", atoms[name])
        return atoms
