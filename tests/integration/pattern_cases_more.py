"""Hand-built cases for the patterns of issue 17, and the split-identity near misses of the
absence patterns: a child whose records were split in two by entity resolution, the halves
waiting in the match review queue, must not be flagged for what the other half holds.

The shapes are the held-out ones, not the synthetic generator's: a found-missing report at an
address, an adult found with the child as an associate, notes in free text, a looked-after
child reported missing by children's social care only.
"""

from __future__ import annotations

from pattern_cases import case
from small_world import World, days_ago, years_ago


@case(
    "da_under_five_no_health_visiting",
    {"baby_present", "toddler_at_home", "child_of_victim", "lives_with_suspect", "told_late"},
    {"told", "told_mum", "school_age", "born_after", "elsewhere", "told_other_half"},
)
def _da_under_five(w: World) -> None:
    def incident(adults: list[tuple[str, str]], when: int, address: str | None = None) -> str:
        for adult, _ in adults:
            if not any(p["person_id"] == adult for p in w.persons):
                w.person(adult, years_ago(30))
        da = w.event(adults, "police", "police_incident", "domestic_abuse", days_ago(when))
        if address:
            w.at(da, address)
        return da

    w.person("baby_present", years_ago(0.5))
    incident([("mum1", "victim"), ("baby_present", "child_present")], 100)
    # the police record names only the adults; the child is known at the address
    w.person("toddler_at_home", years_ago(3))
    w.lives("toddler_at_home", "home-2", agency="gp", start=years_ago(3))
    incident([("mum2", "victim"), ("dad2", "suspect")], 90, "home-2")
    # no address anywhere: the child is the victim's child on a benefits claim
    w.person("child_of_victim", years_ago(2))
    w.relate("mum3", "child_of_victim", "parent", agency="benefits")
    incident([("mum3", "victim")], 80)
    # the incident happened elsewhere; the suspect lives with the child
    w.person("lives_with_suspect", years_ago(4))
    incident([("mum4", "victim"), ("dad4", "suspect")], 70, "pub-4")
    w.lives("dad4", "home-4", start=years_ago(5))
    w.lives("lives_with_suspect", "home-4", agency="gp", start=years_ago(4))
    # health visiting told, but three weeks later
    w.person("told_late", years_ago(1))
    incident([("mum5", "victim"), ("told_late", "child_present")], 60)
    w.event("told_late", "community_health", "health_visiting", "da_notification", days_ago(39))
    # near misses: told in time (on the child's record, or on the victim's)
    w.person("told", years_ago(1))
    incident([("mum6", "victim"), ("told", "child_present")], 60)
    w.event("told", "community_health", "health_visiting", "da_notification", days_ago(58))
    w.person("told_mum", years_ago(1))
    incident([("mum7", "victim"), ("told_mum", "child_present")], 60)
    w.event("mum7", "community_health", "health_visiting", "da_notification", days_ago(59))
    # six at the time: at school, Operation Encompass's business
    w.person("school_age", years_ago(6))
    incident([("mum8", "victim"), ("school_age", "child_present")], 50)
    # born after the incident at the address
    w.person("born_after", days_ago(100))
    w.lives("born_after", "home-9", agency="gp")
    incident([("mum9", "victim")], 200, "home-9")
    # lives elsewhere than where it happened, with no link to the parties
    w.person("elsewhere", years_ago(2))
    w.lives("elsewhere", "home-10", agency="gp", start=years_ago(2))
    incident([("mum10", "victim")], 40, "home-11")
    # the notification went to a record that may be the same child (pending match pair)
    w.person("told_other_half", years_ago(1))
    w.person("other_half", years_ago(1))
    incident([("mum12", "victim"), ("told_other_half", "child_present")], 60)
    w.event("other_half", "community_health", "health_visiting", "da_notification", days_ago(59))
    w.pending_pair("told_other_half", "police", "other_half", "community_health")


@case(
    "missing_linked_to_exploitation",
    {"found_at_trap", "found_with_dealer", "seen_twice", "found_with_knife_man"},
    {"seen_once", "found_clean", "not_missing", "lives_at_trap", "young_adult", "old_tie"},
)
def _exploitation_places(w: World) -> None:
    w.person("dealer", years_ago(30))
    supply = w.event("dealer", "police", "police_incident", "drugs_supply", days_ago(300))
    w.at(supply, "trap")
    w.lives("dealer", "dealer-home", agency="police", start=years_ago(2))
    w.person("knife_man", years_ago(22))
    w.event("knife_man", "police", "police_incident", "weapons", days_ago(250), role="suspect")

    def missing(child: str, when: int) -> None:
        w.event(child, "police", "police_incident", "missing_person", days_ago(when))

    def found(child: str, when: int, address: str | None = None, adult: str | None = None) -> None:
        people = [(child, "subject")] + ([(adult, "associate")] if adult else [])
        event = w.event(people, "police", "police_incident", "found_missing_person", days_ago(when))
        if address:
            w.at(event, address)

    children = ("found_at_trap", "found_with_dealer", "seen_twice", "found_with_knife_man",
                "seen_once", "found_clean", "not_missing", "lives_at_trap", "old_tie")  # fmt: skip
    for child in children:
        w.person(child, years_ago(14))
    w.person("young_adult", years_ago(19))
    missing("found_at_trap", 100)
    found("found_at_trap", 99, address="trap")
    missing("found_with_dealer", 90)
    found("found_with_dealer", 89, address="park", adult="dealer")
    missing("found_with_knife_man", 85)
    found("found_with_knife_man", 84, adult="knife_man")
    missing("seen_twice", 200)
    for d in (150, 120):  # seen at the dealer's home twice (welfare checks)
        check = w.event("seen_twice", "police", "police_incident", "welfare_check", days_ago(d))
        w.at(check, "dealer-home")
    # near misses
    missing("seen_once", 200)
    check = w.event("seen_once", "police", "police_incident", "welfare_check", days_ago(150))
    w.at(check, "dealer-home")
    missing("found_clean", 80)
    found("found_clean", 79, address="aunt-home")
    for d in (150, 120):  # at the trap house twice, but never missing
        stop = w.event("not_missing", "police", "police_incident", "other", days_ago(d))
        w.at(stop, "trap")
    w.lives("lives_at_trap", "trap", start=years_ago(5))  # the child's own home
    missing("lives_at_trap", 60)
    found("lives_at_trap", 59, address="trap")
    missing("young_adult", 60)
    found("young_adult", 59, address="trap")
    old = w.event("dealer", "police", "police_incident", "drugs_supply", days_ago(1500))
    w.at(old, "old-trap")
    missing("old_tie", 60)
    found("old_tie", 59, address="old-trap")


@case(
    "injury_concerns_under_two",
    {"baby", "baby_gp_police"},
    {"toddler", "one_agency", "routine_notes", "far_apart", "referred"},
)
def _injuries_under_two(w: World) -> None:
    for pid in ("baby", "one_agency", "routine_notes", "far_apart", "baby_gp_police"):
        w.person(pid, years_ago(0.5) if pid != "far_apart" else years_ago(1.9))
    w.person("toddler", years_ago(3))
    for pid in ("baby", "toddler"):
        w.event(pid, "hospital", "ae_attendance", "other", days_ago(90), role="patient",
                description="Burn - hand", notes="burn to hand, delayed presentation")  # fmt: skip
        w.event(pid, "community_health", "health_visiting", "contact", days_ago(40),
                notes="unexplained bruising; carer evasive")  # fmt: skip
    for d in (90, 40):
        w.event("one_agency", "hospital", "ae_attendance", "injury", days_ago(d))
    w.event("routine_notes", "hospital", "ae_attendance", "injury", days_ago(90))
    w.event("routine_notes", "community_health", "health_visiting", "contact", days_ago(40),
            notes="weight gain good, no concerns raised")  # fmt: skip
    w.event("far_apart", "hospital", "ae_attendance", "injury", days_ago(600))
    w.event("far_apart", "community_health", "health_visiting", "contact", days_ago(30),
            notes="small bruise to forehead")  # fmt: skip
    # social care's referral answers the hospital's concern: its wording adds no second agency
    w.person("referred", years_ago(0.5))
    w.event("referred", "hospital", "ae_attendance", "injury", days_ago(30))
    w.event("referred", "social_care", "cs_referral", "referral", days_ago(29),
            description="Injury to baby, bruising seen at A&E")  # fmt: skip
    w.event("baby_gp_police", "gp", "gp_consultation", "injury", days_ago(30))
    w.event(
        [("mum", "victim"), ("baby_gp_police", "child_present")],
        "police",
        "police_incident",
        "domestic_abuse",
        days_ago(20),
    )
    w.person("mum", years_ago(28))


# ---- split identities: the other half, waiting in the review queue, explains the absence ----
@case("no_gp_registration", {"alone_unregistered"}, {"half_without_gp"})
def _no_gp_split(w: World) -> None:
    for pid in ("half_without_gp", "half_with_gp", "alone_unregistered"):
        w.person(pid, years_ago(8))
    w.enrol("half_without_gp", "school-1", years_ago(3))
    w.event("half_without_gp", "schools", "school_absence", "unauthorised", days_ago(20))
    w.register_gp("half_with_gp", start=years_ago(8))
    w.event("half_with_gp", "hospital", "ae_attendance", "other", days_ago(10))
    w.pending_pair("half_without_gp", "schools", "half_with_gp", "gp")
    w.event("alone_unregistered", "hospital", "ae_attendance", "other", days_ago(10))


@case("missing_from_education", {"alone_unenrolled"}, {"half_with_gp"})
def _education_split(w: World) -> None:
    for pid in ("half_without_gp", "half_with_gp", "alone_unenrolled"):
        w.person(pid, years_ago(8))
    w.enrol("half_without_gp", "school-1", years_ago(3))
    w.register_gp("half_with_gp", start=years_ago(8))
    w.event("half_with_gp", "gp", "gp_consultation", "routine", days_ago(10))
    w.pending_pair("half_without_gp", "schools", "half_with_gp", "gp")
    w.event("alone_unenrolled", "gp", "gp_consultation", "routine", days_ago(10))


@case("immigration_only", {"alone_dependant"}, {"half_dependant"})
def _immigration_split(w: World) -> None:
    for pid in ("half_dependant", "half_patient", "alone_dependant"):
        w.person(pid, years_ago(7))
    for pid in ("half_dependant", "alone_dependant"):
        w.event(pid, "immigration", "immigration_status", "asylum_claim", days_ago(100),
                role="applicant")  # fmt: skip
    w.register_gp("half_patient", start=days_ago(90))
    w.pending_pair("half_dependant", "immigration", "half_patient", "gp")


@case("missing_no_return_interview", {"alone_returned"}, {"half_returned"})
def _return_split(w: World) -> None:
    for pid in ("half_returned", "half_interviewed", "alone_returned"):
        w.person(pid, years_ago(15))
    for pid in ("half_returned", "alone_returned"):
        w.event(pid, "police", "police_incident", "missing_person", days_ago(60),
                end_date=days_ago(59))  # fmt: skip
    w.event("half_interviewed", "social_care", "return_interview", "return_interview",
            days_ago(58))  # fmt: skip
    w.pending_pair("half_returned", "police", "half_interviewed", "social_care")
