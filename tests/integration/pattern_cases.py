"""Hand-built graphs for every saved pattern: people who must match and near-misses who must not.

Each case builds one small world holding both, so a pattern is shown to find the planted
signal *and* to stay quiet one step away from it (wrong age, too few events, the missing
record present, the window exceeded …).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from small_world import World, days_ago, years_ago


@dataclass(frozen=True)
class Case:
    pattern_id: str
    build: Callable[[World], None]
    must_match: frozenset[str]
    must_not: frozenset[str]


CASES: list[Case] = []


def case(pattern_id: str, match: set[str], no: set[str]):
    def register(build: Callable[[World], None]) -> Callable[[World], None]:
        CASES.append(Case(pattern_id, build, frozenset(match), frozenset(no)))
        return build

    return register


@case("multi_agency_no_referral", {"jigsaw"}, {"referred", "one_agency", "far_apart", "adult"})
def _multi_agency(w: World) -> None:
    for pid in ("jigsaw", "referred", "one_agency", "far_apart"):
        w.person(pid, years_ago(7))
    w.person("adult", years_ago(30))
    for pid in ("jigsaw", "referred", "adult"):
        w.event(pid, "police", "police_incident", "assault", days_ago(100), role="victim")
        w.event(pid, "hospital", "ae_attendance", "injury", days_ago(70), role="patient")
    w.event("referred", "social_care", "cs_referral", "referral", days_ago(60))
    w.event("one_agency", "police", "police_incident", "assault", days_ago(100), role="victim")
    w.event("one_agency", "police", "police_incident", "domestic_abuse", days_ago(90))
    w.event("far_apart", "police", "police_incident", "assault", days_ago(400), role="victim")
    w.event("far_apart", "hospital", "ae_attendance", "injury", days_ago(100))
    # a witness role is not a concern about the child
    w.event("one_agency", "hospital", "ae_attendance", "injury", days_ago(95), role="witness")


@case(
    "missing_from_education",
    {"unseen", "police_says_school"},
    {"pupil", "home_ed", "toddler", "left_school"},
)
def _missing_education(w: World) -> None:
    # an Operation Encompass notification names a school but is no proof of a place on its roll
    w.person("police_says_school", years_ago(10))
    w.enrol("police_says_school", "school-1", agency="police")
    for pid in ("unseen", "pupil", "home_ed", "left_school"):
        w.person(pid, years_ago(10))
        w.event(pid, "gp", "gp_consultation", "routine", days_ago(30), role="patient")
    w.person("toddler", years_ago(3))
    w.event("toddler", "gp", "gp_consultation", "routine", days_ago(30))
    w.enrol("pupil", "school-1", days_ago(900))
    w.enrol("unseen", "school-1", days_ago(900), days_ago(200))  # left, on no roll now
    w.enrol("left_school", "school-1", days_ago(900), days_ago(200))
    w.event("left_school", "schools", "elective_home_education", "ehe_registered", days_ago(199))
    w.event("home_ed", "schools", "elective_home_education", "ehe_registered", days_ago(500))


@case("ehe_during_cp", {"withdrawn"}, {"after_plan", "no_plan"})
def _ehe_cp(w: World) -> None:
    for pid in ("withdrawn", "after_plan", "no_plan"):
        w.person(pid, years_ago(11))
        w.event(pid, "schools", "elective_home_education", "ehe_registered", days_ago(50))
    w.event("withdrawn", "social_care", "cp_plan", "child_protection_plan", days_ago(200))
    w.event(
        "after_plan",
        "social_care",
        "cp_plan",
        "child_protection_plan",
        days_ago(400),
        end_date=days_ago(100),
    )
    w.event("no_plan", "social_care", "cp_plan", "child_in_need_plan", days_ago(200))


@case(
    "no_gp_registration",
    {"unregistered", "lapsed", "refugee"},
    {"registered", "newborn", "never_seen", "moved_away"},
)
def _no_gp(w: World) -> None:
    for pid in ("unregistered", "registered", "never_seen", "lapsed", "refugee", "moved_away"):
        w.person(pid, years_ago(7))
    w.person("newborn", days_ago(10))
    for pid in ("unregistered", "registered", "newborn", "lapsed"):
        w.event(pid, "hospital", "ae_attendance", "other", days_ago(5), role="patient")
    w.register_gp("registered", start=years_ago(4))
    w.register_gp("lapsed", start=years_ago(4), end=days_ago(30))
    w.record("never_seen", "police")
    # last contact four years ago: still placed here by immigration, or gone from the area
    for pid in ("refugee", "moved_away"):
        w.event(
            pid, "immigration", "immigration_status", "asylum_claim", years_ago(4), role="applicant"
        )
    w.lives("refugee", "home-refugee", agency="immigration", start=years_ago(4))
    w.lives("moved_away", "home-left", agency="immigration", start=years_ago(4), end=years_ago(3))


@case("repeated_was_not_brought", {"not_brought"}, {"twice", "spread_out", "adult"})
def _wnb(w: World) -> None:
    for pid in ("not_brought", "twice", "spread_out"):
        w.person(pid, years_ago(6))
    w.person("adult", years_ago(40))
    for d in (300, 200, 100):
        w.event("not_brought", "gp", "gp_appointment", "was_not_brought", days_ago(d))
        w.event("adult", "gp", "gp_appointment", "did_not_attend", days_ago(d))
    for d in (300, 200):
        w.event("twice", "gp", "gp_appointment", "was_not_brought", days_ago(d))
    for d in (900, 500, 100):
        w.event("spread_out", "gp", "gp_appointment", "was_not_brought", days_ago(d))


@case("cp_plan_no_visit", {"unvisited", "never_visited"}, {"visited", "closed", "new_plan"})
def _gap(w: World) -> None:
    for pid in ("unvisited", "never_visited", "visited", "closed", "new_plan"):
        w.person(pid, years_ago(9))
    w.event("unvisited", "social_care", "cp_plan", "child_protection_plan", days_ago(300))
    w.event("unvisited", "social_care", "cs_visit", "home_visit", days_ago(90))
    w.event("never_visited", "social_care", "cp_plan", "child_in_need_plan", days_ago(100))
    w.event("visited", "social_care", "cp_plan", "child_protection_plan", days_ago(300))
    w.event("visited", "social_care", "cs_visit", "home_visit", days_ago(90))
    w.event("visited", "social_care", "cs_visit", "statutory_visit", days_ago(10))
    w.event(
        "closed",
        "social_care",
        "cp_plan",
        "child_protection_plan",
        days_ago(300),
        end_date=days_ago(20),
    )
    w.event("new_plan", "social_care", "cp_plan", "child_protection_plan", days_ago(20))


@case("da_no_school_notification", {"present", "at_home"}, {"notified", "not_at_school", "late"})
def _encompass(w: World) -> None:
    w.person("mum", years_ago(35))
    for pid in ("present", "at_home", "notified", "not_at_school", "late"):
        w.person(pid, years_ago(9))
        if pid != "not_at_school":
            w.enrol(pid, "school-1", years_ago(4))
    da = w.event(
        [("mum", "victim"), ("present", "child_present")],
        "police",
        "police_incident",
        "domestic_abuse",
        days_ago(40),
    )
    w.at(da, "addr-1")
    w.lives("at_home", "addr-1", start=years_ago(3))
    w.lives("late", "addr-9", start=years_ago(3))  # different address: not linked
    for pid in ("notified", "not_at_school"):
        da2 = w.event(
            [("mum", "victim"), (pid, "child_present")],
            "police",
            "police_incident",
            "domestic_abuse",
            days_ago(40),
        )
        w.at(da2, "addr-2")
    w.event("notified", "police", "encompass_notification", "operation_encompass", days_ago(39))


@case("toxic_trio", {"kid_a", "kid_b"}, {"kid_other", "kid_two_only"})
def _toxic(w: World) -> None:
    for pid in ("mum", "dad", "mum2"):
        w.person(pid, years_ago(33))
    for pid in ("kid_a", "kid_b", "kid_other", "kid_two_only"):
        w.person(pid, years_ago(6))
    for pid in ("mum", "dad", "kid_a", "kid_b"):
        w.lives(pid, "home-1", start=years_ago(5))
    w.lives("kid_other", "home-3", start=years_ago(5))
    w.event(
        [("mum", "victim"), ("dad", "suspect")],
        "police",
        "police_incident",
        "domestic_abuse",
        days_ago(300),
    )
    w.event("mum", "gp", "gp_consultation", "mental_health", days_ago(200))
    w.event("dad", "police", "police_incident", "drugs_possession", days_ago(100), role="suspect")
    # second family: abuse and mental health, no substance misuse
    w.relate("mum2", "kid_two_only", "parent")
    w.event("mum2", "police", "police_incident", "domestic_abuse", days_ago(300), role="victim")
    w.event("mum2", "hospital", "ae_attendance", "self_harm", days_ago(250))


@case("family_need_types", {"needy", "lodgers_kid"}, {"two_needs", "moved_on_kid"})
def _needs(w: World) -> None:
    w.person("parent", years_ago(30))
    w.person("needy", years_ago(8))
    w.person("parent2", years_ago(30))
    w.person("two_needs", years_ago(8))
    w.relate("parent", "needy", "parent")
    w.event("parent", "police", "police_incident", "domestic_abuse", days_ago(100), role="victim")
    w.event("parent", "benefits", "benefit_sanction", "sanction", days_ago(90))
    w.event("needy", "schools", "school_exclusion", "suspension", days_ago(80))
    w.relate("parent2", "two_needs", "parent")
    w.event("parent2", "benefits", "benefit_sanction", "sanction", days_ago(90))
    w.event("two_needs", "schools", "school_absence", "persistent", days_ago(80))
    w.event("two_needs", "schools", "school_absence", "authorised", days_ago(70))
    # family by address alone: an adult living with the child on as_of counts, one who moved
    # out before it does not (no recorded relation in either household)
    for kid, adult, end in (("lodgers_kid", "lodger", None), ("moved_on_kid", "ex", days_ago(200))):
        w.person(kid, years_ago(9))
        w.person(adult, years_ago(40))
        w.lives(kid, f"home-{kid}", agency="gp")
        w.lives(adult, f"home-{kid}", start=years_ago(3), end=end)
        w.event(
            adult, "police", "police_incident", "drugs_possession", days_ago(150), role="suspect"
        )
        w.event(adult, "housing", "eviction", "eviction", days_ago(120))
        w.event(kid, "police", "police_incident", "missing_person", days_ago(60), role="missing")


@case(
    "repeated_missing",
    {"runner", "four_in_71_days", "in_care"},
    {"twice", "spread", "reporter", "one_episode_many_reports", "two_agencies_same_day"},
)
def _repeat_missing(w: World) -> None:
    for pid in ("runner", "twice", "spread", "four_in_71_days", "in_care"):
        w.person(pid, years_ago(14))
    w.person("reporter", years_ago(14))
    for d in (100, 90, 75):
        w.event(
            [("runner", "missing_person"), ("reporter", "reporter")],
            "police",
            "police_incident",
            "missing_person",
            days_ago(d),
        )
    for d in (100, 90):
        w.event("twice", "police", "police_incident", "missing_person", days_ago(d))
    for d in (200, 150, 100):  # three, but over 100 days
        w.event("spread", "police", "police_incident", "missing_person", days_ago(d))
    # never three within 30 days, four within 71: the guidance window catches it
    for d in (171, 146, 121, 100):
        w.event("four_in_71_days", "police", "police_incident", "missing_person", days_ago(d))
    # a looked-after child reported missing by children's social care only
    for d in (80, 40, 10):
        w.event("in_care", "social_care", "missing_episode", "missing", days_ago(d))
    # one episode, reported missing, found, and recorded by social care: one episode, not three
    w.person("one_episode_many_reports", years_ago(13))
    for agency, category, kind, d in (
        ("police", "police_incident", "missing_person", 50),
        ("police", "police_incident", "found_missing_person", 49),
        ("social_care", "missing_episode", "missing", 50),
    ):
        w.event("one_episode_many_reports", agency, category, kind, days_ago(d), episode_key="E1")
    # two episodes, each reported by police and by social care under their own references
    w.person("two_agencies_same_day", years_ago(13))
    for d in (60, 30):
        w.event("two_agencies_same_day", "police", "police_incident", "missing_person", days_ago(d))
        w.event("two_agencies_same_day", "social_care", "missing_episode", "missing", days_ago(d))


@case(
    "missing_no_return_interview",
    {"no_interview", "late_interview"},
    {"interviewed", "recent", "found_later"},
)
def _return(w: World) -> None:
    w.person("found_later", years_ago(15))  # found 4 days on; interviewed 2 days after that
    w.event(
        "found_later",
        "police",
        "police_incident",
        "missing_person",
        days_ago(60),
        found_at=datetime.combine(days_ago(56), time(10)),
    )
    w.event("found_later", "social_care", "return_interview", "return_interview", days_ago(54))
    for pid in ("no_interview", "late_interview", "interviewed", "recent"):
        w.person(pid, years_ago(15))
    for pid in ("no_interview", "late_interview", "interviewed"):
        w.event(
            pid, "police", "police_incident", "missing_person", days_ago(60), end_date=days_ago(59)
        )
    w.event(
        "no_interview",
        "social_care",
        "return_interview",
        "return_interview",
        days_ago(58),
        outcome="Not offered",
    )
    w.event("late_interview", "social_care", "return_interview", "return_interview", days_ago(50))
    w.event("interviewed", "social_care", "return_interview", "return_interview", days_ago(57))
    w.event("recent", "police", "police_incident", "missing_person", days_ago(1))


@case("criminal_exploitation", {"exploited"}, {"no_exclusion", "unlinked"})
def _cce(w: World) -> None:
    w.person("dealer", years_ago(25))
    for pid in ("exploited", "no_exclusion", "unlinked"):
        w.person(pid, years_ago(15))
        w.event(pid, "police", "police_incident", "missing_person", days_ago(150))
    for pid in ("exploited", "unlinked"):
        w.event(pid, "schools", "school_exclusion", "suspension", days_ago(120))
    w.event("dealer", "police", "police_incident", "drugs_supply", days_ago(250), role="suspect")
    for pid in ("exploited", "no_exclusion"):
        w.event(
            [("dealer", "suspect"), (pid, "subject")],
            "police",
            "police_incident",
            "drugs_possession",
            days_ago(180),
        )


@case("ae_injuries_young_child", {"toddler"}, {"older", "twice"})
def _ae(w: World) -> None:
    w.person("toddler", years_ago(2))
    w.person("older", years_ago(9))
    w.person("twice", years_ago(2))
    for d in (200, 120, 40):
        w.event("toddler", "hospital", "ae_attendance", "injury", days_ago(d))
        w.event("older", "hospital", "ae_attendance", "injury", days_ago(d))
    for d in (120, 40):
        w.event("twice", "hospital", "ae_attendance", "injury", days_ago(d))
    w.event("twice", "hospital", "ae_attendance", "other", days_ago(30))


@case("adult_at_risk", {"at_risk"}, {"no_sanction", "child", "suspect_only"})
def _adult(w: World) -> None:
    for pid in ("at_risk", "no_sanction", "suspect_only"):
        w.person(pid, years_ago(30))
    w.person("child", years_ago(16))
    for pid in ("at_risk", "no_sanction", "child", "suspect_only"):
        w.event(pid, "hospital", "ae_attendance", "self_harm", days_ago(300))
    for pid in ("at_risk", "child", "suspect_only"):
        w.event(pid, "benefits", "benefit_sanction", "sanction", days_ago(250))
    for pid in ("at_risk", "no_sanction", "child"):
        w.event(pid, "police", "police_incident", "assault", days_ago(200), role="victim")
    w.event("suspect_only", "police", "police_incident", "assault", days_ago(200), role="suspect")


@case(
    "frequent_moves",
    {"mover", "school_hopper", "family_mover"},
    {"settled", "slow_mover", "newborn", "mum"},
)
def _moves(w: World) -> None:
    for pid in ("mover", "school_hopper", "settled", "slow_mover"):
        w.person(pid, years_ago(8))
        w.lives(pid, f"home-{pid}", start=years_ago(6))
    for i, d in enumerate((400, 300, 200)):
        w.lives("mover", f"m-{i}", agency="benefits", start=days_ago(d))
        w.enrol("school_hopper", f"school-{i}", start=days_ago(d))
        w.lives("settled", "home-settled", agency="gp", start=days_ago(d))  # same address
    for i, d in enumerate((900, 500, 100)):
        w.lives("slow_mover", f"s-{i}", start=days_ago(d))
    # only mum's benefit claim dates the family's moves; the children's GP records hold the
    # current address undated. The baby was born after the moves, so never made them.
    w.person("mum", years_ago(35))
    w.person("family_mover", years_ago(6))
    w.person("newborn", days_ago(100))
    for i, d in enumerate((330, 250, 150)):
        w.lives("mum", f"f-{i}", agency="benefits", start=days_ago(d), end=days_ago(d - 80))
    w.lives("mum", "f-3", agency="benefits", start=days_ago(150 - 80))
    w.lives("family_mover", "f-3", agency="gp")
    w.lives("newborn", "f-3", agency="gp")


@case("immigration_only", {"dependant"}, {"registered", "adult"})
def _immigration(w: World) -> None:
    for pid in ("dependant", "registered"):
        w.person(pid, years_ago(7))
    w.person("adult", years_ago(40))
    for pid in ("dependant", "registered", "adult"):
        w.event(
            pid,
            "immigration",
            "immigration_status",
            "asylum_claim",
            days_ago(100),
            role="applicant",
        )
    w.register_gp("registered", start=days_ago(90))


# the cases of the patterns added for issue 17 register themselves in CASES on import
import pattern_cases_more  # noqa: E402, F401
