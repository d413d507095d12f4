"""The smallest WSGI app, for starting gunicorn with gunicorn.conf.py in a test."""


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"hello"]
