"""A tiny hand-built content set for engine tests (no YAML, no base deck)."""

from __future__ import annotations

from game.engine import (
    Card,
    Choice,
    Condition,
    Content,
    Ending,
    FollowUp,
    Grade,
    Lingering,
    Meter,
    Scenario,
    Situation,
    Threshold,
    WeightModifier,
    make_date,
)


def mini_content(turns: int = 12) -> Content:
    meters = (
        Meter("north", "North", "vector", 50, "north_low", "north_high"),
        Meter("south", "South", "vector", 50, "south_low", "south_high"),
        Meter("people", "People", "domestic", 50, "people_low"),
    )
    endings = {
        e.id: e
        for e in (
            Ending("north_low", "loss", "North hostile"),
            Ending("north_high", "loss", "North owns you"),
            Ending("south_low", "loss", "South hostile"),
            Ending("south_high", "loss", "South owns you"),
            Ending("people_low", "loss", "Revolt"),
            Ending("won", "victory", "Term complete"),
        )
    }
    cards = {
        c.id: c
        for c in (
            Card(
                "a.north_deal",
                "North deal",
                "envoy",
                "The North offers a deal.",
                (
                    Choice("Accept", (("north", 8), ("people", -2)), set_flags=("north_deal",),
                           followups=(FollowUp("a.bill_due", 2),)),
                    Choice("Refuse", (("north", -6), ("people", 2))),
                ),
                tags=("north",),
            ),
            Card(
                "a.south_deal",
                "South deal",
                "envoy",
                "The South offers a deal.",
                (
                    Choice("Accept", (("south", 8), ("people", -2))),
                    Choice("Refuse", (("south", -6), ("people", 3)),
                           lingering=(Lingering("south", -3, 3),)),
                ),
                weight_if=(WeightModifier(Condition(situations=frozenset({"unrest"})), 3.0),),
            ),
            Card(
                "a.protest",
                "Protest",
                "activist",
                "People gather.",
                (
                    Choice("Listen", (("people", 6), ("north", -3))),
                    Choice("Disperse", (("people", -8), ("south", 3))),
                    Choice("Wait", (("people", -3),)),
                ),
                when=Condition(meters=(("people", 0, 60),)),
            ),
            Card(
                "a.only_after_deal",
                "Deal aftermath",
                "envoy",
                "The North wants more.",
                (
                    Choice("Give", (("north", 4), ("south", -4))),
                    Choice("Refuse", (("north", -5),)),
                ),
                when=Condition(flags=frozenset({"north_deal"})),
                once=True,
            ),
            Card(
                "a.bill_due",
                "The bill comes due",
                "envoy",
                "Pay up.",
                (
                    Choice("Pay", (("people", -4), ("north", 2))),
                    Choice("Default", (("north", -8),)),
                ),
                followup_only=True,
            ),
            Card(
                "a.quiet",
                "A quiet quarter",
                "aide",
                "Nothing happens.",
                (
                    Choice("Roads", (("people", 2), ("south", -1))),
                    Choice("Army", (("north", 1), ("people", -1))),
                ),
                fallback=True,
            ),
        )
    }
    return Content(
        meters=meters,
        endings=endings,
        scenarios={
            "s": Scenario("s", "Test", make_date(2000, 1), turns, meters={"people": 50}, default=True)
        },
        cards=cards,
        rivalry={"north": {"south": 0.5}, "south": {"north": 0.25}},
        situations=(
            Situation("unrest", "Unrest", Threshold("people", below=30), Threshold("people", above=45),
                      per_turn={"north": -1}),
        ),
        grades=(Grade("good", 50, "Good"), Grade("ok", 0, "OK")),
    )
