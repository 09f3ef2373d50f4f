"""The explorer's time bar playback steps by month, quarter or year as the span suits, and
the picture follows the playhead within a year."""

from __future__ import annotations

from touchpoint.app.components import playback as play
from touchpoint.app.components.network_view import ViewFilter, apply_filter


def _frames(low: int, high: int) -> list[tuple[list[int], int | None]]:
    """Every (window, playhead) a whole playback shows, Play pressed once at the end."""
    window, head = play.start([low, high], low, high, None)
    frames = [(window, head)]
    done = False
    while not done:
        window, head, done = play.tick(window, high, head)
        frames.append((window, head))
    return frames


def test_the_step_follows_the_span_played():
    assert play.play_step(2024, 2024) == 1  # one year: month by month
    assert play.play_step(2022, 2024) == 1  # up to three years: still monthly
    assert play.play_step(2021, 2024) == 3  # four: quarterly
    assert play.play_step(2015, 2024) == 3  # ten: quarterly
    assert play.play_step(2014, 2024) == 12  # longer: a year at a time, as before


def test_a_short_span_plays_month_by_month_through_each_year():
    frames = _frames(2023, 2024)
    heads = [play.month_label(h) for _, h in frames if h is not None]
    assert heads[:3] == ["Jan 2023", "Feb 2023", "Mar 2023"]
    assert len(frames) == 24  # every month of both years, the last one shown whole
    assert frames[0][0] == [2023, 2023] and frames[12][0] == [2023, 2024]
    assert frames[-1] == ([2023, 2024], None)  # done: the whole window, no playhead


def test_a_longer_span_plays_a_quarter_at_a_time():
    frames = _frames(2018, 2024)
    heads = [play.month_label(h) for _, h in frames if h is not None]
    assert heads[:5] == ["Mar 2018", "Jun 2018", "Sep 2018", "Dec 2018", "Mar 2019"]
    assert len(frames) == 7 * 4 and frames[-1] == ([2018, 2024], None)


def test_a_long_span_plays_a_year_at_a_time():
    frames = _frames(2000, 2024)
    assert [w for w, _ in frames[:3]] == [[2000, 2000], [2000, 2001], [2000, 2002]]
    assert all(not play.active(h, w) for w, h in frames)  # a December is the whole year


def test_playhead_narrows_only_the_windows_last_year():
    head = play.month_index(2019, 3)
    assert play.until(head, [2018, 2019]) == "2019-03"
    assert play.until(head, [2018, 2020]) is None  # the slider moved on by hand: whole years
    assert play.until(play.month_index(2019, 12), [2018, 2019]) is None
    assert play.until(None, [2018, 2019]) is None


def test_play_resumes_a_pause_restarts_at_the_end_and_plays_on_a_narrowed_window():
    paused = play.month_index(2019, 6)
    assert play.start([2018, 2019], 2018, 2024, paused) == ([2018, 2019], paused)
    assert play.start([2018, 2024], 2018, 2024, None) == ([2018, 2018], play.month_index(2018, 3))
    assert play.start([2018, 2020], 2018, 2024, None) == ([2018, 2020], play.month_index(2020, 3))
    assert play.tick([2018, 2024], 2024, None) == ([2018, 2024], None, True)  # a stale tick


def test_the_time_bar_says_where_playback_is():
    head = play.month_index(2019, 6)
    assert play.describe(head, [2018, 2019], 2024, playing=True) == (
        "Playing: showing up to the end of Jun 2019, a quarter at a time"
    )
    assert play.describe(head, [2018, 2019], 2024, playing=False).startswith(
        "Paused at the end of Jun 2019"
    )
    assert play.describe(None, [2023, 2024], 2024, playing=False) == (
        "Play steps a month at a time"
    )


def _edge(source: str, target: str, start: str) -> dict:
    return {"data": {"id": f"{source}-{target}", "source": source, "target": target,
                     "rel_type": "LIVES_AT", "date_from": start, "date_to": None}}  # fmt: skip


def test_the_picture_shows_what_had_happened_by_the_playheads_month():
    elements = [
        {"data": {"id": "kai", "kind": "person", "label": "Kai"}},
        {"data": {"id": "flat", "kind": "address", "label": "Flat"}},
        {"data": {"id": "missing", "kind": "event", "label": "Missing", "date": "2019-02-10"}},
        {"data": {"id": "found", "kind": "event", "label": "Found", "date": "2019-05-02"}},
        _edge("kai", "flat", "2019-04-01"),
        _edge("kai", "missing", "2019-02-10"),
        _edge("kai", "found", "2019-05-02"),
    ]

    def shown(until: str | None) -> set[str]:
        view = ViewFilter(years=(2018, 2019), until=until)
        return {
            e["data"]["id"]
            for e in apply_filter(elements, view, "kai")
            if "source" not in e["data"]
        }

    assert shown("2019-03") == {"kai", "missing"}
    assert shown("2019-04") == {"kai", "missing", "flat"}
    assert shown(None) == {"kai", "missing", "flat", "found"}
