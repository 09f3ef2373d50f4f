"""The controlled vocabulary is consistent with itself."""

from touchpoint.graph_model.model.vocabulary import vocabulary


def test_every_event_category_belongs_to_a_known_agency() -> None:
    vocab = vocabulary()
    for name, category in vocab.event_categories.items():
        assert category["agency"] in vocab.agencies, name


def test_concern_types_are_declared_types_of_their_category() -> None:
    vocab = vocabulary()
    for name, category in vocab.event_categories.items():
        assert set(category.get("concern_types", [])) <= set(category["types"]), name


def test_concern_lookup_distinguishes_concerns_from_routine_events() -> None:
    vocab = vocabulary()
    assert vocab.is_concern("ae_attendance", "self_harm")
    assert not vocab.is_concern("gp_consultation", "routine")
