"""What the server showed this session - so exports are made from the server's copy.

The explorer keeps its network in the browser between clicks (a ``dcc.Store``), and whatever the
browser sends back could have been edited by a script: a person outside the agreement "added" to
the picture, a name changed into a formula. So each network the server sends is also kept here,
per session, in memory (bounded), and:

* an expansion starts from the server's copy of the elements the browser still holds;
* an export writes the server's copy of the elements the browser asks for - ids the server
  never sent are dropped - and its audit entry names the people the server actually exported.

(One process's memory: a workbench served by several processes needs sticky sessions.)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

SESSIONS = 500
ELEMENTS = 20_000


def element_key(element: Any) -> str | None:
    data = element.get("data") if isinstance(element, dict) else None
    if not isinstance(data, dict):
        return None
    if "source" in data:
        return f"{data.get('source')}|{data.get('target')}|{data.get('rel_type')}|{data.get('id')}"
    return str(data["id"]) if "id" in data else None


class ShownLedger:
    """Per session (by an opaque key), the elements the server sent, by element key."""

    def __init__(self) -> None:
        self._shown: OrderedDict[str, OrderedDict[str, dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, session: str, elements: list[dict[str, Any]]) -> None:
        with self._lock:
            mine = self._shown.setdefault(session, OrderedDict())
            self._shown.move_to_end(session)
            for element in elements:
                key = element_key(element)
                if key is not None:
                    mine[key] = {"data": dict(element["data"])}
                    mine.move_to_end(key)
            while len(mine) > ELEMENTS:
                mine.popitem(last=False)
            while len(self._shown) > SESSIONS:
                self._shown.popitem(last=False)

    def server_copy(self, session: str, asked: Any) -> list[dict[str, Any]]:
        """The server's copy of each element the browser lists (in its order), nothing else."""
        if not isinstance(asked, list):
            raise TypeError("elements must be a list")
        with self._lock:
            mine = dict(self._shown.get(session) or {})
        copies = []
        for element in asked:
            key = element_key(element)
            if key is not None and key in mine:
                copies.append({"data": dict(mine[key]["data"])})
        return copies

    def forget(self, session: str | None) -> None:
        if session:
            with self._lock:
                self._shown.pop(session, None)
