"""A synthetic corpus of N relationships, shaped like ``content/``, to time builds at scale.

Every file it writes says SYNTHETIC at the top and every text in it is placeholder
Latin: the country pairs are real ISO 3166 codes (the model validates them against
pycountry and the folders must be canonical slugs), but nothing said about them is a
fact. The corpus is only ever written to a temporary folder, never into ``content/``.

Relationship ``k`` is the same for every N (its pair, its words, its figures), so the
corpus for N=50 is the first 50 relationships of the corpus for N=1000 and timings
across N compare like with like.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pycountry

PROJECT = Path(__file__).resolve().parent.parent
SYNTHETIC = "SYNTHETIC — benchmark data, not facts"
HEADER = f"# {SYNTHETIC}. Written by benchmarks/corpus.py; never copy into content/.\n"
SEED = 20260101
TOPICS = [
    "trade",
    "investment",
    "energy",
    "transport",
    "education",
    "culture",
    "health",
    "security",
]
ORGANIZATIONS = 6
SHARED_SOURCES = 5
LOREM = (  # noqa: SIM905 (placeholder Latin reads better as a sentence)
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt "
    "ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco "
    "laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate "
    "velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident "
    "sunt culpa qui officia deserunt mollit anim id est laborum"
).split()
SECTIONS = [
    "Overview",
    "Institutional mechanisms",
    "Trade, investment and energy",
    "Transport and connectivity",
    "Education and culture",
    "Multilateral, connectivity and regional issues",
    "Outlook",
]


@dataclass(frozen=True)
class SyntheticRelationship:
    """Relationship number ``number`` (from 1) between two real ISO codes."""

    number: int
    codes: tuple[str, str]

    @property
    def slug(self) -> str:
        return "-".join(sorted(code.lower() for code in self.codes))

    @property
    def tag(self) -> str:
        return f"{self.number:05d}"

    @property
    def title(self) -> str:
        return f"Synthetic relationship {self.tag}"

    @property
    def source(self) -> str:
        return f"syn-{self.tag}"

    @property
    def mechanism(self) -> str:
        return f"syn-{self.tag}-jc"


def relationships(count: int) -> list[SyntheticRelationship]:
    """The first ``count`` synthetic relationships: distinct pairs in a fixed shuffled order."""
    codes = sorted(country.alpha_2 for country in pycountry.countries)
    pairs = list(itertools.combinations(codes, 2))
    random.Random(SEED).shuffle(pairs)
    if count > len(pairs):
        raise ValueError(f"at most {len(pairs)} relationships (pairs of ISO countries)")
    return [SyntheticRelationship(number, pair) for number, pair in enumerate(pairs[:count], 1)]


def write_project(target: Path, count: int, project: Path = PROJECT) -> Path:
    """A buildable project at ``target``: the real theme and settings, synthetic content."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(project / "theme", target / "theme", dirs_exist_ok=True)
    shutil.copy2(project / "pelicanconf.py", target / "pelicanconf.py")
    (target / "SYNTHETIC.txt").write_text(f"{SYNTHETIC}: written by benchmarks/corpus.py.\n")
    write_content(target / "content", count)
    return target


def write_content(content: Path, count: int) -> list[SyntheticRelationship]:
    """Registries and ``count`` relationship folders, laid out as ``content/`` is."""
    items = relationships(count)
    countries = sorted({code for item in items for code in item.codes})
    content.mkdir(parents=True, exist_ok=True)
    (content / "sources.yaml").write_text(_sources(items))
    (content / "people.yaml").write_text(_people(countries))
    (content / "mechanisms.yaml").write_text(_mechanisms(items))
    (content / "topics.yaml").write_text(_topics())
    (content / "organizations.yaml").write_text(_organizations())
    for index, item in enumerate(items):
        folder = content / "relationships" / item.slug
        folder.mkdir(parents=True, exist_ok=True)
        neighbour = items[index - 1] if index else None
        (folder / "index.md").write_text(_index(item, neighbour))
        (folder / "data.yaml").write_text(_data(item))
    return items


def edit_relationship(content: Path, item: SyntheticRelationship, note: str = "edited") -> Path:
    """Change one sentence of one narrative, as an analyst's small fix would; each call
    with another ``note`` changes it again."""
    path = content / "relationships" / item.slug / "index.md"
    sentence = re.compile(rf"{re.escape(SYNTHETIC)}( \(synthetic edit: [^)\n]*\))?\.\n")
    edited = f"{SYNTHETIC} (synthetic edit: {note}).\n"
    path.write_text(sentence.sub(lambda _: edited, path.read_text(), count=1))
    return path


def write_plain_pelican_project(content: Path, target: Path) -> Path:
    """The same Markdown bodies as plain Pelican articles, for Pelican's own reader."""
    articles = target / "content"
    articles.mkdir(parents=True, exist_ok=True)
    for index in sorted((content / "relationships").glob("*/index.md")):
        front, body = _split_front_matter(index.read_text())
        title = re.search(r"^title: (.+)$", front, re.M)
        reviewed = re.search(r"^reviewed: (\S+)$", front, re.M)
        summary = re.search(r"^summary: (.+)$", front, re.M)
        header = "\n".join(
            [
                f"Title: {json.loads(title.group(1)) if title else index.parent.name}",
                f"Date: {reviewed.group(1) if reviewed else '2026-01-01'}",
                f"Slug: {index.parent.name}",
                "Category: relationships",
                f"Summary: {json.loads(summary.group(1)) if summary else SYNTHETIC}",
            ]
        )
        (articles / f"{index.parent.name}.md").write_text(f"{header}\n\n{body}")
    (target / "pelicanconf.py").write_text(
        f'"""Plain Pelican, no plugins, its own Markdown reader. {SYNTHETIC}."""\n'
        'AUTHOR = "Synthetic"\n'
        'SITENAME = "Plain Pelican (synthetic benchmark)"\n'
        'SITEURL = ""\n'
        'PATH = "content"\n'
        'TIMEZONE = "UTC"\n'
        'DEFAULT_LANG = "en"\n'
        "RELATIVE_URLS = True\n"
        "PLUGINS: list[str] = []\n"
    )
    return target


def _split_front_matter(text: str) -> tuple[str, str]:
    _, front, body = text.split("---\n", 2)
    return front, body


def _q(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _rng(item: SyntheticRelationship, purpose: str) -> random.Random:
    return random.Random(f"{SEED}-{item.number}-{purpose}")


def _country_name(code: str) -> str:
    record = pycountry.countries.get(alpha_2=code)
    return str(getattr(record, "common_name", None) or getattr(record, "name", code))


def _sources(items: list[SyntheticRelationship]) -> str:
    lines = [HEADER, "sources:"]
    for number in range(1, SHARED_SOURCES + 1):
        lines.append(
            f"  - {{id: syn-stats-{number}, title: {_q(f'Synthetic statistics digest {number}')}, "
            f"publisher: {_q(SYNTHETIC)}, published: 2026-01, kind: statistics}}"
        )
    for item in items:
        lines.append(
            f"  - {{id: {item.source}, "
            f"title: {_q(f'Synthetic report on relationship {item.tag}')}, "
            f"publisher: {_q(SYNTHETIC)}, published: 2026-01-15, kind: news}}"
        )
    return "\n".join(lines) + "\n"


def _people(countries: list[str]) -> str:
    lines = [HEADER, "people:"]
    for code in countries:
        for role, office in (
            ("head", "Synthetic head of state"),
            ("fm", "Synthetic foreign minister"),
        ):
            lines += [
                f"  - id: syn-{code.lower()}-{role}",
                f"    name: {_q(f'Synthetic Person {code} {role.upper()}')}",
                f"    country: {code}",
                "    offices:",
                f"      - {{office: {_q(office)}, country: {code}, as_of: 2026-01, "
                "source: syn-stats-1}",
            ]
    return "\n".join(lines) + "\n"


def _mechanisms(items: list[SyntheticRelationship]) -> str:
    lines = [HEADER, "mechanisms:"]
    for item in items:
        first, second = item.codes
        lines.append(
            f"  - {{id: {item.mechanism}, name: {_q(f'Synthetic joint commission {item.tag}')}, "
            f"abbreviation: SJC, countries: [{first}, {second}], level: ministerial, "
            f"source: {item.source}}}"
        )
    return "\n".join(lines) + "\n"


def _topics() -> str:
    lines = [HEADER, "topics:"]
    for topic in TOPICS:
        lines += [f"  - id: syn-{topic}", f"    name: {_q(f'Synthetic topic: {topic}')}"]
    return "\n".join(lines) + "\n"


def _organizations() -> str:
    lines = [HEADER, "organizations:"]
    for number in range(1, ORGANIZATIONS + 1):
        lines += [
            f"  - id: syn-org-{number}",
            f"    name: {_q(f'Synthetic Organization {number}')}",
            f"    abbreviation: SO{number}",
            f"    description: {_q(SYNTHETIC)}",
            "    source: syn-stats-2",
        ]
    return "\n".join(lines) + "\n"


def _sentence(rng: random.Random, words: int | None = None) -> str:
    chosen = rng.choices(LOREM, k=words or rng.randint(8, 16))
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, references: list[str], citations: list[str]) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(5, 7))]
    for reference in rng.sample(references, k=min(2, len(references))):
        position = rng.randrange(len(sentences))
        sentences[position] = sentences[position][:-1] + f" {reference}."
    sentences.append(f"[@{rng.choice(citations)}]")
    return " ".join(sentences)


def _index(item: SyntheticRelationship, neighbour: SyntheticRelationship | None) -> str:
    rng = _rng(item, "index")
    first, second = item.codes
    organization = f"syn-org-{item.number % ORGANIZATIONS + 1}"
    topics = _item_topics(item)
    references = [
        f"[[country:{first}]]",
        f"[[country:{second}]]",
        f"[[person:syn-{first.lower()}-head]]",
        f"[[person:syn-{second.lower()}-fm]]",
        f"[[mechanism:{item.mechanism}]]",
        f"[[organization:{organization}]]",
        *(f"[[topic:syn-{topic}]]" for topic in topics),
    ]
    if neighbour is not None:
        references.append(f"[[relationship:{neighbour.slug}|another synthetic relationship]]")
    citations = [item.source, *(f"syn-stats-{n}" for n in range(1, SHARED_SOURCES + 1))]
    body = [f"{SYNTHETIC}.\n"]
    for number, heading in enumerate(SECTIONS):
        body.append(f"## {heading}\n")
        for _ in range(3):
            body.append(_paragraph(rng, references, citations) + "\n")
        if number == 2:
            body.append("| Synthetic indicator | Value |\n| --- | --- |")
            body += [f"| {_sentence(rng, 3)[:-1]} | {rng.randint(1, 999)} |" for _ in range(4)]
            body.append("")
        if number == 5:
            body += [
                f"- **{_sentence(rng, 2)[:-1]}.** {_sentence(rng)} [@{item.source}]"
                for _ in range(3)
            ]
            body.append("")
    body.append(f"A synthetic footnote marker.[^note]\n\n[^note]: {SYNTHETIC}.\n")
    front = [
        "---",
        HEADER.rstrip(),
        f"title: {_q(item.title)}",
        f"countries: [{first}, {second}]",
        "status: published",
        f"reviewed: 2026-{item.number % 9 + 1:02d}-15",
        'version: "1.0"',
        f"summary: {_q(f'{SYNTHETIC}. ' + _sentence(rng, 20))}",
        "bottom_line:",
        *(f"  - {_q(f'Synthetic placeholder: {_sentence(rng, 14)}')}" for _ in range(3)),
        f"topics: [{', '.join(f'syn-{topic}' for topic in topics)}]",
        f"mechanisms: [{item.mechanism}]",
        f"organizations: [{organization}]",
        "---",
        "",
    ]
    return "\n".join(front) + "\n".join(body)


def _item_topics(item: SyntheticRelationship) -> list[str]:
    return sorted(_rng(item, "topics").sample(TOPICS, k=4), key=TOPICS.index)


def _data(item: SyntheticRelationship) -> str:
    rng = _rng(item, "data")
    first, second = item.codes
    source = item.source
    heads = f"[syn-{first.lower()}-head, syn-{second.lower()}-head]"
    ministers = f"[syn-{first.lower()}-fm, syn-{second.lower()}-fm]"
    trade = round(rng.uniform(0.5, 20), 2)
    organization = f"syn-org-{item.number % ORGANIZATIONS + 1}"
    lines = [
        HEADER.rstrip(),
        "figures:",
        "  - id: trade-volume",
        '    label: "Synthetic bilateral trade"',
        f"    value: {trade}",
        "    scale: billion",
        "    currency: USD",
        "    period: {from: 2026-01, to: 2026-09}",
        f"    source: {source}",
        "    topic: syn-trade",
        "",
        "  - id: trade-target",
        '    label: "Synthetic trade target"',
        f"    value: {round(trade * 2)}",
        "    scale: billion",
        "    currency: USD",
        "    as_of: 2026-01-15",
        f"    source: {source}",
        "    topic: syn-trade",
        "",
        "  - id: companies",
        '    label: "Synthetic count of companies"',
        f"    value: {rng.randint(100, 3000)}",
        "    unit: companies",
        "    qualifier: more-than",
        "    as_of: 2026-01-15",
        f"    source: {source}",
        "    topic: syn-investment",
        "",
        "  - id: investment",
        '    label: "Synthetic cumulative investment"',
        f"    value: {round(rng.uniform(0.1, 9), 1)}",
        "    scale: billion",
        "    currency: USD",
        "    qualifier: approximately",
        "    as_of: 2025",
        "    source: syn-stats-3",
        "    topic: syn-investment",
        "",
        "  - id: supplier-rank",
        '    label: "Synthetic supplier rank"',
        f"    value: {rng.randint(1, 9)}",
        "    unit: rank",
        f"    note: {_q(SYNTHETIC)}",
        "    as_of: 2026-01-15",
        f"    source: {source}",
        "    topic: syn-energy",
        "",
        "events:",
    ]
    for ordinal, when in ((1, "2024-03-12"), (2, "2025-03-18")):
        lines += [
            f"  - id: jc-{ordinal}",
            f"    date: {when}",
            "    kind: mechanism-meeting",
            f"    title: {_q(f'Synthetic meeting {ordinal} of joint commission {item.tag}')}",
            f"    mechanism: {item.mechanism}",
            f"    ordinal: {ordinal}",
            '    place: "Synthetic City"',
            f"    participants: {ministers}",
            "    outcomes:",
            *(f"      - {_q(_sentence(rng, 10))}" for _ in range(2)),
            f"    source: {source}",
            "",
        ]
    lines += [
        "  - id: visit",
        "    date: 2025-06",
        "    kind: visit",
        f"    title: {_q('Synthetic state visit ' + item.tag)}",
        f"    participants: {heads}",
        f"    source: {source}",
        "",
        "  - id: call",
        "    date: 2025-09-14",
        "    kind: call",
        f"    title: {_q('Synthetic telephone call ' + item.tag)}",
        f"    participants: {heads}",
        "    source: syn-stats-4",
        "",
        "  - id: jc-3",
        "    date: 2026-12-10",
        "    kind: mechanism-meeting",
        f"    title: {_q(f'Synthetic meeting 3 of joint commission {item.tag}')}",
        f"    mechanism: {item.mechanism}",
        "    ordinal: 3",
        "    agenda:",
        *(f"      - {_q(_sentence(rng, 6))}" for _ in range(3)),
        f"    source: {source}",
        "",
        "agreements:",
        f"  - title: {_q('Synthetic memorandum of understanding ' + item.tag)}",
        "    date: 2025-03-18",
        f"    parties: [{first}, {second}]",
        "    event: jc-2",
        f"    signatories: {ministers}",
        f"    source: {source}",
        "",
        "  - count: 4",
        "    date: 2025-03-18",
        f"    parties: [{first}, {second}]",
        "    event: jc-2",
        "    fields: [synthetic field one, synthetic field two]",
        f"    source: {source}",
        "",
        "series:",
        "  - id: trade-by-year",
        '    title: "Synthetic trade by year"',
        "    currency: USD",
        "    scale: billion",
        "    points:",
    ]
    lines += [
        f"      - {{period: {year}, value: {round(rng.uniform(0.5, 20), 2)}, source: syn-stats-1}}"
        for year in range(2019, 2026)
    ]
    lines += ["", "areas:"]
    for topic in _item_topics(item):
        lines += [
            f"  - topic: syn-{topic}",
            f"    summary: {_q('Synthetic placeholder: ' + _sentence(rng, 12))}",
            f"    source: {source}",
        ]
    lines += [
        "",
        "issues:",
        "  - kind: multilateral",
        '    title: "Synthetic multilateral issue"',
        f"    summary: {_q(_sentence(rng, 12))}",
        f"    organization: {organization}",
        f"    source: {source}",
        "  - kind: connectivity",
        '    title: "Synthetic corridor"',
        f"    summary: {_q(_sentence(rng, 12))}",
        "    source: syn-stats-5",
        "  - kind: regional",
        '    title: "Synthetic regional question"',
        f"    summary: {_q(_sentence(rng, 12))}",
        f"    source: {source}",
        "",
        "changelog:",
        f"  - {{date: 2026-01-15, summary: {_q('Synthetic first edition.')}}}",
    ]
    return "\n".join(lines) + "\n"
