"""What a browser would post back from an admin change form, read from the rendered page."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data = []
        self._in_form = False
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("id") or "").endswith("_form"):
            self._in_form = True
        if not self._in_form or "disabled" in attributes:
            return
        name = attributes.get("name")
        kind = attributes.get("type", "text")
        if tag == "input" and name and kind not in {"submit", "button", "file", "image"}:
            if kind not in {"checkbox", "radio"} or "checked" in attributes:
                self.data.append(
                    (name, attributes.get("value", "on" if kind == "checkbox" else ""))
                )
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.data.append((self._select, attributes.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            # Browsers drop the one newline that may follow <textarea>.
            self.data.append((name, value.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_data(response, **changes):
    """The change form's fields as a browser would submit them, with `changes` applied."""
    parser = _FormFields()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in changes.items()})
    return data
