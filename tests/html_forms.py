"""Read a page's form the way a browser would submit it, so tests post what people post."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_index: int) -> None:
        super().__init__(convert_charrefs=True)
        self.form_index = form_index
        self.forms_seen = -1
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.select_multiple = False
        self.select_first: str | None = None
        self.select_chosen = False
        self.option_value: str | None = None
        self.option_text = ""
        self.option_selected = False
        self.textarea: str | None = None
        self.textarea_text = ""

    def handle_starttag(self, tag: str, attrs_list: list) -> None:
        attrs = dict(attrs_list)
        if tag == "form":
            self.forms_seen += 1
            self.inside = self.forms_seen == self.form_index and attrs.get("method") == "post"
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select, self.select_multiple = name, "multiple" in attrs
            self.select_first, self.select_chosen = None, False
        elif tag == "option" and self.select is not None:
            self.option_value = attrs.get("value")
            self.option_text = ""
            self.option_selected = "selected" in attrs
        elif tag == "textarea" and name:
            self.textarea, self.textarea_text = name, ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea_text += data
        elif self.option_value is not None or self.select is not None:
            self.option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "option" and self.select is not None:
            value = self.option_value if self.option_value is not None else self.option_text.strip()
            if self.select_first is None:
                self.select_first = value
            if self.option_selected:
                self.fields.append((self.select, value))
                self.select_chosen = True
            self.option_value = None
        elif tag == "select" and self.select is not None:
            if (
                not self.select_chosen
                and not self.select_multiple
                and self.select_first is not None
            ):
                self.fields.append((self.select, self.select_first))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = self.textarea_text.replace("\r\n", "\n")
            self.fields.append((self.textarea, text.removeprefix("\n")))
            self.textarea = None


def form_fields(html: str, form_index: int | None = None) -> dict[str, list[str]]:
    """The name -> values a browser would post from the page's record form (the first POST
    form after the site header's sign-out form, unless ``form_index`` says otherwise)."""
    indexes = [form_index] if form_index is not None else range(0, 6)
    for index in indexes:
        reader = _FormReader(index)
        reader.feed(html)
        names = {name for name, _ in reader.fields}
        if names and names != {"csrf_token"}:
            found: dict[str, list[str]] = {}
            for name, value in reader.fields:
                found.setdefault(name, []).append(value)
            return found
    raise AssertionError("no record form on the page")
