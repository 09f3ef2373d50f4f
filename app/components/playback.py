"""The explorer's time bar playback, step by step: pure functions over months.

The time window itself stays in whole years (the slider, the shareable URL, the filter), but
most safeguarding chronologies unfold over weeks to months, so a year a tick would jump over
them. Playback therefore moves a *playhead* - a month, kept as a month index
(``year * 12 + month - 1``) - through the window's years, a step a tick, and the picture shows
what had happened by the end of that month. The step follows the span played: a month at a
time up to three years, a quarter up to ten, a year beyond (narrow the window to play a long
history month by month). The playhead only counts while it sits in the window's last year, so
moving the slider by hand simply shows whole years again.
"""

from __future__ import annotations

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
STEP_WORDS = {1: "a month", 3: "a quarter", 12: "a year"}
MONTHLY_UP_TO_YEARS = 3
QUARTERLY_UP_TO_YEARS = 10


def play_step(first_year: int, last_year: int) -> int:
    """Months a tick for playing ``first_year`` .. ``last_year`` (both whole years)."""
    years = last_year - first_year + 1
    if years <= MONTHLY_UP_TO_YEARS:
        return 1
    if years <= QUARTERLY_UP_TO_YEARS:
        return 3
    return 12


def month_index(year: int, month: int = 1) -> int:
    return year * 12 + month - 1


def year_of(index: int) -> int:
    return index // 12


def month_label(index: int) -> str:
    """ "Mar 2019" """
    return f"{MONTHS[index % 12]} {year_of(index)}"


def month_text(index: int) -> str:
    """ "2019-03", as dates start (what the view filter compares with)."""
    return f"{year_of(index):04d}-{index % 12 + 1:02d}"


def first_frame(first_year: int, last_year: int) -> int:
    """The playhead's first position: the end of the first step of ``first_year``."""
    return month_index(first_year) + play_step(first_year, last_year) - 1


def next_frame(playhead: int, first_year: int, last_year: int) -> tuple[int, bool]:
    """The playhead one step on, never past December of ``last_year``; and whether that is
    the last frame."""
    last = month_index(last_year, 12)
    step = play_step(first_year, last_year)
    moved = min(last, playhead + step)
    return moved, moved >= last


def active(playhead: int | None, years: list[int] | None) -> bool:
    """Whether the playhead narrows the picture: it sits in the window's last year, before
    its December (at December the whole year shows anyway)."""
    if playhead is None or not years or len(years) != 2:
        return False
    return year_of(playhead) == years[1] and playhead < month_index(years[1], 12)


def until(playhead: int | None, years: list[int] | None) -> str | None:
    """The last month the picture shows ("2019-03"), or None for the window's whole years."""
    return month_text(playhead) if active(playhead, years) and playhead is not None else None


def start(
    years: list[int] | None, low: int, high: int, playhead: int | None
) -> tuple[list[int], int]:
    """Play pressed while stopped: the window and playhead to play from. Paused part-way, it
    resumes where it stopped; at the end (or with no window) it starts again from the first
    year; with a window narrowed by hand, it plays the window's last year on from its start."""
    if years and len(years) == 2 and active(playhead, years):
        return list(years), playhead  # type: ignore[return-value]
    if not years or len(years) != 2 or years[1] >= high:
        return [low, low], first_frame(low, high)
    step = play_step(years[0], high)
    return list(years), month_index(years[1]) + step - 1


def tick(years: list[int], high: int, playhead: int | None) -> tuple[list[int], int | None, bool]:
    """One tick of playback: the window (its end follows the playhead's year), the playhead
    (None once the last year is shown whole) and whether playback is done."""
    if playhead is None:  # nothing to move (say, a stale tick): show the window whole
        return list(years), None, True
    moved, done = next_frame(playhead, years[0], high)
    if done:
        return [years[0], high], None, True
    return [years[0], year_of(moved)], moved, False


def describe(playhead: int | None, years: list[int] | None, high: int | None, playing: bool) -> str:
    """What the time bar says under the slider, in words."""
    first = years[0] if years and len(years) == 2 else None
    step = play_step(first, high) if first is not None and high is not None else 12
    if active(playhead, years) and playhead is not None:
        where = month_label(playhead)
        if playing:
            return f"Playing: showing up to the end of {where}, {STEP_WORDS[step]} at a time"
        return f"Paused at the end of {where} - Play to go on"
    return f"Play steps {STEP_WORDS[step]} at a time"
