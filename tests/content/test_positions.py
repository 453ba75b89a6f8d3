"""Each item of the model carries its place in the file it was read from, so that checks
can point at it, at one of its fields or at a field's value without reading the file again."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.content.corpus import Corpus, Relationship, load_corpus
from generator.model.base import placed
from generator.model.positions import Position
from generator.model.registries import Source, Topic

FIXTURE = Path(__file__).parents[1] / "fixtures" / "positions"
DATA = "content/relationships/fi-is/data.yaml"


@pytest.fixture(scope="module", params=[1, 2], ids=["here", "in-a-worker"])
def corpus(request: pytest.FixtureRequest) -> Corpus:
    """Loaded here, or with fi-is loaded by a worker process and sent back pickled."""
    corpus, _ = load_corpus(FIXTURE / "content", FIXTURE, workers=request.param)
    return corpus


def relationship(corpus: Corpus, slug: str) -> Relationship:
    return next(r for r in corpus.relationships if r.slug == slug)


def test_an_item_is_placed_at_its_entry_in_the_file(corpus: Corpus) -> None:
    first = relationship(corpus, "fi-is").data.events[0]

    assert (first.position.file, first.position.line, first.position.column) == (DATA, 4, 5)


def test_an_item_after_one_that_failed_validation_keeps_its_own_place(corpus: Corpus) -> None:
    events = relationship(corpus, "fi-is").data.events

    assert [event.id for event in events] == ["first", "third"]
    third = events[1].position
    assert (third.line, third.column) == (14, 5)
    assert third.locate(("date",)) == (14, 17)
    assert third.locate(("date",), value=True) == (14, 23)


def test_a_field_is_located_at_its_key_or_its_value_and_a_missing_one_at_the_item(
    corpus: Corpus,
) -> None:
    data = relationship(corpus, "fi-is").data
    event, figure = data.events[0], data.figures[0]

    assert event.position.locate(("date",)) == (5, 5)
    assert event.position.locate(("date",), value=True) == (5, 11)
    assert figure.position.locate(("period", "to"), value=True) == (20, 33)
    assert event.position.locate(("place",), value=True) == (4, 5)
    assert event.position.locate(("participants", 0)) == (4, 5)


def test_front_matter_is_placed_in_its_markdown_file(corpus: Corpus) -> None:
    front = relationship(corpus, "ee-lv").front

    assert front.position.file == "content/relationships/ee-lv/index.md"
    assert front.position.locate(("countries", 1), value=True) == (6, 5)
    assert front.position.locate(("summary",)) == (8, 1)


def test_registry_entries_are_placed_and_a_repeated_id_is_kept_among_the_entries(
    corpus: Corpus,
) -> None:
    sources = corpus.entries("sources", Source)

    assert [source.title for source in sources] == [
        "Synthetic report",
        "The same report, entered twice",
    ]
    assert [(s.position.file, s.position.line) for s in sources] == [
        ("content/sources.yaml", 7),
        ("content/sources.yaml", 10),
    ]
    assert corpus.sources["report"] is sources[0]
    assert relationship(corpus, "ee-lv").data.agreements[0].position.line == 7


def test_a_position_is_not_part_of_the_item() -> None:
    here, there = (
        placed(Topic(id="trade", name="Trade"), Position("topics.yaml", line, 5)) for line in (3, 9)
    )

    assert here == there
    assert hash(here) == hash(there)
    assert here.model_dump() == {
        "id": "trade",
        "name": "Trade",
        "description": None,
        "translations": {},
    }
    assert dict(here) == here.model_dump()
    assert (here.position.line, there.position.line) == (3, 9)


@pytest.mark.parametrize("key", ["position", "_position"])
def test_a_content_file_cannot_set_a_position(key: str) -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Topic.model_validate({"id": "trade", "name": "Trade", key: {"line": 1}})


def test_an_item_made_in_code_has_no_position() -> None:
    with pytest.raises(LookupError, match="Topic was not read from a content file"):
        Topic(id="trade", name="Trade").position  # noqa: B018
