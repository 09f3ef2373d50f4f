"""UK addresses as agencies write them → canonical parts (a documented rule set, no model).

Why rules and not a library: the well-kept parsers either need a native C library and a
multi-gigabyte model (libpostal / ``postal``), are trained on US addresses (``usaddress``), or
mangle UK postcodes (``pyap2`` reads ``SE13 2RR`` as ``E13 2RR``). UK address *lines* are
regular enough for rules, and the postcode — the half of the shared ``Address`` key that
matters most — has an exact official shape.

The rules, in order:

1. **Postcode**: the last thing in the text shaped like a UK postcode (``SE13 2RR``,
   ``se132rr``, ``GIR 0AA``) anywhere — after a comma, a pipe, a space or inside free text;
   canonical form ``SE13 2RR``. What is left is the *rest*.
2. **Pieces**: the rest splits on ``,`` ``|`` ``;``, `` - `` and line breaks. A piece holding a
   house number and a street word (Road, St, Terrace … ``STREET_WORDS``) with more around it is
   cut after the street word (``65 Manor Road Lewisham`` → ``65 Manor Road`` + ``Lewisham``);
   a leading ``Flat 3`` / ``Apartment 3`` and a building name before the house number are kept
   apart (``Flat 3 Wheeler Court 1 Burke Terrace``), words before that are dropped (``rear of
   22 Ashgrove Rd``).
3. **Premise and street**: ``Flat 1`` / ``Apartment 1`` / ``1/14 High St`` give the flat;
   ``14 High St`` the number and street, its abbreviation expanded (``St`` → ``Street``,
   ``Rd`` → ``Road`` …); a named piece between flat and street is the building.
4. **Town**: the first piece after the street.

``line1`` is ``Flat 3, 1 Burke Terrace`` (or ``1 Burke Terrace``; or the first piece re-cased
when no street is found): with the postcode it keys the shared ``Address`` node, so the same
flat written four ways by four agencies is one node.
"""

from __future__ import annotations

import re

from touchpoint.loaders.clean import clean_name, clean_postcode, strip

STREET_SUFFIXES = {
    "RD": "Road", "ST": "Street", "AVE": "Avenue", "AV": "Avenue", "CL": "Close",
    "DR": "Drive", "CRES": "Crescent", "GDNS": "Gardens", "CT": "Court", "PL": "Place",
    "LN": "Lane", "TERR": "Terrace", "TER": "Terrace", "SQ": "Square", "GR": "Grove",
    "GRO": "Grove", "PK": "Park", "WY": "Way", "HL": "Hill", "MWS": "Mews",
}  # fmt: skip
STREET_WORDS = frozenset(
    {"ROAD", "STREET", "AVENUE", "CLOSE", "DRIVE", "CRESCENT", "GARDENS", "COURT", "PLACE",
     "LANE", "TERRACE", "SQUARE", "GROVE", "PARK", "WAY", "HILL", "MEWS", "ROW", "WALK",
     "RISE", "VALE", "VIEW", "GREEN", "PARADE", "BROADWAY", "ESTATE", "YARD", "WHARF",
     "GATE", "END", "FIELDS", "HEIGHTS", "BANK", "CHASE", "MEAD", "PASSAGE", "APPROACH"}
    | set(STREET_SUFFIXES)
)  # fmt: skip
POSTCODE_IN_TEXT = re.compile(
    r"(?<![A-Z0-9])(GIR\s*0AA|[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2})(?![A-Z0-9])",
    re.IGNORECASE,
)
"""A UK postcode anywhere in text: outward code, optional space(s), inward code, not glued to
other letters or digits (so ``REF12AB3CD`` is not read as one)."""
_SEPARATORS = re.compile(r"\s*(?:[,|;\n\r]+|\s-\s)\s*")
_FLAT = re.compile(r"^(?:FLAT|APARTMENT|APT|FLT)\.?\s+(\w+)[\s,]*(.*)$", re.IGNORECASE)
_SLASH_FLAT = re.compile(r"^(\w+)/(\d+[A-Z]?)\s+(.+)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d+[A-Z]?)\s+(.+)$", re.IGNORECASE)
_HOUSE_NUMBER = re.compile(r"\d+[A-Z]?(?:/\d+[A-Z]?)?", re.IGNORECASE)


def find_postcode(text: str | None) -> tuple[str | None, str | None]:
    """(canonical postcode, the text without it) — the *last* postcode-shaped token wins,
    because addresses end with their postcode while free text may mention another."""
    if not text:
        return None, None
    matches = list(POSTCODE_IN_TEXT.finditer(text))
    if not matches:
        return None, strip(text)
    found = matches[-1]
    rest = (text[: found.start()] + " " + text[found.end() :]).strip(" ,|;-\t\r\n")
    return clean_postcode(found.group(1)), strip(_SEPARATORS.sub(", ", rest).strip(" ,")) or None


def parse_address(parts: list[str], postcode: str | None) -> dict[str, str | None]:
    """Address parts (already without the postcode) → line1, building, town, postcode, text."""
    text = ", ".join(p for p in parts if p)
    pieces = [cut for raw in _SEPARATORS.split(text) if (p := strip(raw)) for cut in _cut_piece(p)]
    found = _parse_pieces(pieces)
    if found["street"] is None:
        line1 = clean_name(pieces[0]) if pieces else None
    else:
        premise = f"{found['number']} {found['street']}"
        line1 = f"Flat {found['flat']}, {premise}" if found["flat"] else premise
    return {
        "line1": line1,
        "building": found["building"],
        "town": found["town"],
        "postcode": clean_postcode(postcode) if postcode else None,
        "text": text or None,
    }


def _cut_piece(piece: str) -> list[str]:
    """A piece holding a numbered street with more around it is cut into flat, building,
    street and town: ``Flat 3 Wheeler Court 1 Burke Terrace London`` → ``Flat 3``,
    ``Wheeler Court``, ``1 Burke Terrace``, ``London``. Anything else is returned whole."""
    flat_match = _FLAT.match(piece)
    flat, body = (flat_match.group(1), flat_match.group(2)) if flat_match else (None, piece)
    words = body.split()
    end = _street_end(words)
    if end is None:
        return [piece]
    number = max(j for j in range(end) if _HOUSE_NUMBER.fullmatch(words[j]))
    building, street, town = words[:number], words[number : end + 1], words[end + 1 :]
    cut = [f"Flat {flat}"] if flat else []
    cut += [" ".join(part) for part in (building, street, town) if part]
    return cut


def _street_end(words: list[str]) -> int | None:
    """Index of the word ending a numbered street (the last of a run of street words, so
    ``12 Park Road`` ends at ``Road``), or None."""
    for i, word in enumerate(words):
        if i == 0 or not _is_street_word(word):
            continue
        if not any(_HOUSE_NUMBER.fullmatch(w) for w in words[:i]):
            continue
        if _HOUSE_NUMBER.fullmatch(words[i - 1]):
            continue  # "14 Road": a street needs a name
        while i + 1 < len(words) and _is_street_word(words[i + 1]):
            i += 1
        return i
    return None


def _is_street_word(word: str) -> bool:
    return word.upper().strip(".,") in STREET_WORDS


def _parse_pieces(pieces: list[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = dict.fromkeys(("flat", "building", "number", "street", "town"))
    for piece in pieces:
        if found["street"] is not None:
            found["town"] = found["town"] or clean_name(piece)
            continue
        if (m := _FLAT.match(piece)) and found["flat"] is None:
            found["flat"], rest = m.group(1).upper(), m.group(2).strip()
            if rest and (n := _NUMBERED.match(rest)):
                found["number"], found["street"] = n.group(1).upper(), street_name(n.group(2))
            elif rest:
                found["building"] = clean_name(rest)
        elif m := _SLASH_FLAT.match(piece):
            found["flat"], found["number"] = m.group(1).upper(), m.group(2).upper()
            found["street"] = street_name(m.group(3))
        elif m := _NUMBERED.match(piece):
            found["number"], found["street"] = m.group(1).upper(), street_name(m.group(2))
        elif found["flat"] is not None and found["building"] is None:
            found["building"] = clean_name(piece)
    return found


def street_name(name: str) -> str:
    """``HIGH ST`` → ``High Street``: re-cased, a trailing abbreviation expanded."""
    words = (clean_name(name) or name).split()
    suffix = STREET_SUFFIXES.get(words[-1].upper().rstrip("."))
    if suffix:
        words[-1] = suffix
    return " ".join(words)
