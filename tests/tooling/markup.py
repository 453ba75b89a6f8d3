"""What in parsed HTML could run code: scripts, on-handlers and code-running addresses.

A test of hostile content asserts that :func:`unsafe_markup` finds nothing, so that a
failure names each offending element.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

ADDRESS_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href")
UNSAFE_SCHEMES = re.compile(r"^(javascript|vbscript|data:text/html|data:image/svg)", re.I)
IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20]")
"""Browsers ignore control characters and spaces in a scheme (``java\tscript:``)."""


def unsafe_markup(document: BeautifulSoup | Tag, *, scripts: bool = True) -> list[str]:
    """Each ``<script>`` (unless ``scripts`` is False), each ``on*`` attribute and each
    address that runs code or loads a document, as a line naming the element."""
    found = []
    for element in document.find_all(True):
        if scripts and element.name == "script":
            found.append(f"a <script> element: {str(element)[:80]}")
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"an on-handler: <{element.name} {name}={value!r}>")
            elif name.lower() in ADDRESS_ATTRIBUTES and _unsafe_address(value):
                found.append(f"an unsafe address: <{element.name} {name}={value!r}>")
    return found


def _unsafe_address(value: object) -> bool:
    return isinstance(value, str) and bool(UNSAFE_SCHEMES.match(IGNORED_IN_SCHEMES.sub("", value)))
