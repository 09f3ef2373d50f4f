"""Purpose must fit the agreement; break-glass needs a reason and ends on time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.context import AccessContext, AccessDenied, Purpose

AGREEMENTS = load_agreements()
START = datetime(2026, 11, 28, 22, 0, tzinfo=UTC)


def test_a_purpose_from_the_roles_agreement_is_accepted() -> None:
    ctx = AccessContext("asha", "health_liaison").with_purpose(
        Purpose("health_advice", "MASH-2026-0142", "Advice to strategy meeting"), AGREEMENTS
    )
    assert ctx.purpose is not None and ctx.purpose.code == "health_advice"


@pytest.mark.parametrize(
    ("purpose", "message"),
    [
        (Purpose("curiosity", "MASH-1", "just looking"), "not one agreement health_isa allows"),
        (Purpose("s47_enquiry", "x", "Strategy meeting"), "case reference"),
        (Purpose("s47_enquiry", "MASH-1", "hm"), "reason of 5 to 500"),
        (Purpose("s47_enquiry", "'; DROP", "Strategy meeting"), "case reference"),
    ],
)
def test_a_purpose_outside_the_agreement_or_without_substance_is_refused(
    purpose: Purpose, message: str
) -> None:
    with pytest.raises(AccessDenied, match=message):
        AccessContext("asha", "health_liaison").with_purpose(purpose, AGREEMENTS)


GLASS_PURPOSE = Purpose("s47_enquiry", "MASH-2026-0999", "Child missing overnight")
REASON = "Child missing overnight, need the hospital attendances now"


def test_break_glass_is_time_limited_and_carries_its_purpose() -> None:
    ctx = AccessContext("ben", "hub_staff").with_break_glass(
        REASON, AGREEMENTS, GLASS_PURPOSE, minutes=15, now=START
    )
    glass = ctx.break_glass
    assert glass is not None and glass.break_glass_id.startswith("bg_")
    assert glass.active(START + timedelta(minutes=14))
    assert not glass.active(START + timedelta(minutes=15))
    assert ctx.purpose == GLASS_PURPOSE


@pytest.mark.parametrize(
    ("reason", "minutes"),
    [("because", 15), ("aaaaaaaaaaaaaaaaaaaaaaaa", 15), ("help help help help help help", 15),
     (REASON, 0), (REASON, 61)],
)  # fmt: skip
def test_break_glass_needs_a_real_reason_and_a_bounded_time(reason: str, minutes: int) -> None:
    with pytest.raises(AccessDenied):
        AccessContext("ben", "hub_staff").with_break_glass(
            reason, AGREEMENTS, GLASS_PURPOSE, minutes=minutes
        )


def test_break_glass_is_only_for_roles_whose_agreement_allows_it() -> None:
    with pytest.raises(AccessDenied, match="may not break glass"):
        AccessContext("ned", "analyst").with_break_glass(REASON, AGREEMENTS, GLASS_PURPOSE)
    with pytest.raises(AccessDenied, match="not one agreement"):
        AccessContext("ben", "hub_staff").with_break_glass(
            REASON, AGREEMENTS, Purpose("curiosity", "MASH-1", "just looking")
        )


def test_the_configured_maximum_bounds_break_glass() -> None:
    AccessContext("ben", "hub_staff").with_break_glass(
        REASON, AGREEMENTS, GLASS_PURPOSE, minutes=120, max_minutes=240
    )
    with pytest.raises(AccessDenied, match="between 1 and 20"):
        AccessContext("ben", "hub_staff").with_break_glass(
            REASON, AGREEMENTS, GLASS_PURPOSE, minutes=30, max_minutes=20
        )
