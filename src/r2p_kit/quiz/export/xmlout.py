"""Serialise the exporters' ElementTree elements: fast, namespace-free, with CDATA where asked.

ElementTree's own writer resolves namespaces on every call and cannot write CDATA, which
Moodle's importer needs for HTML (its xmlize drops the space between two entities). The
exporters build plain elements (namespace declarations are ordinary attributes), so
this writer only escapes and concatenates.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)


class CData(str):
    """Element text to be written as a CDATA section (the text is never escaped)."""


class Raw(ET.Element):
    """Stands for already serialised XML, written verbatim: how cached parts are reused."""

    def __init__(self, xml: str) -> None:
        super().__init__("raw")
        self.text = xml


def cdata_section(text: str) -> str:
    """``text`` as CDATA; a ``]]>`` inside is split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def to_xml(element: ET.Element, indent: str | None = None, level: int = 0) -> str:
    """``element`` as XML text; with ``indent``, children go on their own indented lines."""
    parts: list[str] = []
    _write(element, parts, indent, level)
    return "".join(parts)


def _write(element: ET.Element, out: list[str], indent: str | None, level: int) -> None:
    if isinstance(element, Raw):
        out.append(element.text or "")
        return
    tag: object = element.tag
    if tag is ET.Comment:
        out.append(f"<!--{element.text}-->")
        return
    assert isinstance(tag, str)
    attributes = "".join(
        f' {name}="{value.translate(_ATTRIBUTE)}"' for name, value in element.items()
    )
    text = element.text
    children = list(element)
    if not children and not text:
        out.append(f"<{tag}{attributes} />")
    else:
        out.append(f"<{tag}{attributes}>")
        if text:
            out.append(cdata_section(text) if isinstance(text, CData) else text.translate(_TEXT))
        pad = indent if indent is not None and not text else None
        for child in children:
            if pad is not None:
                out.append("\n" + pad * (level + 1))
            _write(child, out, indent, level + 1)
            if child.tail:
                out.append(child.tail.translate(_TEXT))
        if children and pad is not None:
            out.append("\n" + pad * level)
        out.append(f"</{tag}>")
