"""The TEI namespace once: its Clark prefix and the one local-name helper every module uses.

`TEI_NS` (the namespace URI) is defined in `tei_edition/__init__.py` and nowhere else; `TEI` here is its Clark
prefix (`TEI + "p"` is the Clark name of `p`), `XML` the `xml:` namespace's. `local_name` is what every
module asks of an element or a Clark name: the name a TEI user writes.
"""

from __future__ import annotations

import functools
from typing import overload

from tei_edition import TEI_NS, XML_NS

TEI = "{%s}" % TEI_NS  # noqa: UP031 (the one line `git grep "% TEI_NS"` finds)
XML = "{" + XML_NS + "}"

__all__ = ["TEI", "TEI_NS", "XML", "XML_NS", "local_name"]


@overload
def local_name(node: str) -> str: ...
@overload
def local_name(node: object) -> str | None: ...
def local_name(node):
    """The name of an element (or of a Clark name) as a TEI user writes it.

    A TEI element, or one in no namespace: its local name (`p`). A name in the `xml:` namespace: `xml:id`. Any other
    namespace: the Clark name itself (`{urn:x}p`), so that it never passes for the TEI element of the same local
    name. A comment or a processing instruction (no name): None.
    """
    tag = node if isinstance(node, str) else node.tag
    if not isinstance(tag, str):
        return None
    return _local(tag)


@functools.lru_cache(maxsize=4096)  # every exporter asks this of each element: a document has few distinct names
def _local(tag: str) -> str:
    if tag[:1] != "{":
        return tag
    if tag.startswith(TEI):
        return tag[len(TEI) :]
    if tag.startswith(XML):
        return "xml:" + tag[len(XML) :]
    return tag
