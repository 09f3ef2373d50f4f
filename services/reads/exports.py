"""The provenance of an export made by a viewer: their case, name, role and agreement, now.

Every export path (explorer PNG and CSVs, pattern results, the chronology, the quarantine
download) calls ``provenance_for`` and hands the result to the one CSV writer
(``graph_model.model.csv_safe``) or to ``stamp_png``, so all of them say the same things the
same way.

The explorer's picture is drawn by Cytoscape in the browser, which sends it back as a PNG data
URL; ``stamp_png`` (Pillow) puts the provenance above it as a visible banner - the marking in
bold, then case, user, time, agreement and filters - repeats the marking in a strip below, and
keeps the same lines in the PNG's text metadata. Only a real PNG of bounded size is accepted.
"""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.provenance import Provenance

PNG_PREFIX = "data:image/png;base64,"
MAX_DATA_URL = 40_000_000  # characters of base64: about 30 MB of PNG
MAX_PIXELS = 60_000_000  # a 2x full-graph picture of a busy network stays well under this
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
MARKING_RED = (160, 0, 0)


class ExportError(TouchpointError):
    """An export that cannot be made as asked (say, a picture that is not a PNG)."""


def provenance_for(
    viewer: ViewerGraph,
    what: str,
    filters: Mapping[str, Any] | None = None,
    extra: Sequence[tuple[str, str]] = (),
) -> Provenance:
    """What ``viewer`` is exporting (``what``, with the ``filters`` that narrowed it), stamped
    with their current case, purpose, user, role and agreement and the time (UTC)."""
    ctx = viewer.ctx
    return Provenance(
        what=what,
        user=ctx.user,
        role=ctx.role,
        agreement=viewer.agreement_id,
        case=ctx.purpose.case_reference if ctx.purpose else None,
        purpose=ctx.purpose.code if ctx.purpose else None,
        filters=dict(filters or {}),
        extra=tuple(extra),
        break_glass=ctx.glass_active,
    )


def png_from_data_url(text: Any) -> bytes:
    """The PNG bytes of a ``data:image/png;base64,…`` URL (what Cytoscape stores)."""
    if not isinstance(text, str) or not text.startswith(PNG_PREFIX):
        raise ExportError("The picture did not arrive as a PNG; try the PNG button again.")
    if len(text) > MAX_DATA_URL:
        raise ExportError("The picture is too large to export; hide or filter some nodes.")
    try:
        return base64.b64decode(text[len(PNG_PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ExportError("The picture did not arrive as a PNG; try the PNG button again.") from exc


def stamp_png(png: bytes, provenance: Provenance) -> bytes:
    """``png`` with the provenance banner above it and the marking below, as a new PNG."""
    try:
        with Image.open(io.BytesIO(png)) as source:
            if source.format != "PNG":
                raise ExportError("The picture did not arrive as a PNG; try the PNG button again.")
            if source.width * source.height > MAX_PIXELS:
                raise ExportError("The picture is too large to export; hide or filter some nodes.")
            picture = source.convert("RGB")
    except (OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ExportError("The picture did not arrive as a PNG; try the PNG button again.") from exc
    width = max(picture.width, 640)
    size = max(14, min(28, width // 70))
    regular, bold = _font(size, bold=False), _font(size, bold=True)
    line = int(size * 1.5)
    lines = provenance.caption()
    top = line * len(lines) + size
    bottom = line + size // 2
    out = Image.new("RGB", (width, top + picture.height + bottom), "white")
    out.paste(picture, ((width - picture.width) // 2, top))
    draw = ImageDraw.Draw(out)
    draw.rectangle((0, 0, width, top - size // 2), fill=(245, 245, 245))
    y = size // 2
    for i, text in enumerate(lines):
        font = bold if i == 0 else regular
        colour = MARKING_RED if i == 0 else (20, 20, 20)
        draw.text((size, y), _fit(draw, text, font, width - 2 * size), font=font, fill=colour)
        y += line
    draw.text(
        (size, top + picture.height + size // 4), provenance.marking, font=bold, fill=MARKING_RED
    )
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Provenance", "\n".join(provenance.lines()))
    buffer = io.BytesIO()
    out.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def _font(size: int, bold: bool) -> Any:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: Any, room: float) -> str:
    """``text`` cut with an ellipsis to fit ``room`` pixels."""
    if draw.textlength(text, font=font) <= room:
        return text
    while text and draw.textlength(text + "…", font=font) > room:
        text = text[:-1]
    return text + "…"
