"""``briefings``: build the site, check content. Thin wrappers over the modules.

Every failure ends in a one-line reason (or located content problems) and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator import scaffold
from generator.checks import ChangesError, changed_files, due_as_json, is_failing
from generator.content import TranslationError, mark_translation, translation_status
from generator.engine import BuildError, build, check, render_meeting_brief, review
from generator.pdf import Shard, merge_shard_caches
from generator.problems import Problem, as_json
from generator.serve import ServeError, serve
from generator.settings import Settings, SettingsError, load_settings

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILURE = 0, 1, 2


def main(argv: Sequence[str] | None = None, *, today: dt.date | None = None) -> int:
    """Run one command; ``today`` stands in for the clock's date (tests pass a fixed one)."""
    parser = _parser()
    args = parser.parse_args(argv)
    args.today = today
    try:
        return int(args.run(args))
    except (
        BuildError,
        ChangesError,
        SettingsError,
        scaffold.ScaffoldError,
        TranslationError,
        ServeError,
        OSError,
    ) as exc:
        problems = getattr(exc, "problems", [])
        _print_problems(problems)
        print(f"briefings: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS if problems else EXIT_FAILURE
    except KeyboardInterrupt:
        print("briefings: interrupted; output/ was left as it was", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefings", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--settings",
        type=Path,
        default=Path("pelicanconf.py"),
        help="Pelican settings file (default: pelicanconf.py)",
    )
    parser.add_argument(
        "--as-of",
        dest="as_of",
        help="the date the briefings are as of, YYYY-MM-DD (default: date of the last "
        "commit, or today when the work tree has uncommitted changes)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    build_cmd = commands.add_parser("build", help="check the content, then build site and PDFs")
    build_cmd.add_argument("--output", type=Path, help="output folder (default: output/)")
    build_cmd.add_argument("--no-pdf", action="store_true", help="skip the PDF briefs")
    _add_edition(build_cmd, "(default: public; internal builds into output-internal/)")
    build_cmd.add_argument(
        "--workers",
        type=int,
        help="processes writing pages and rendering PDFs (default: one per core)",
    )
    build_cmd.add_argument(
        "--shard",
        type=_shard,
        metavar="I/N",
        help="render only the PDFs of shard I of N (see docs/scaling.md)",
    )
    build_cmd.set_defaults(run=_build)

    merge_cmd = commands.add_parser(
        "merge-shards", help="add the PDF caches of shard builds to ours, then build"
    )
    merge_cmd.add_argument(
        "caches",
        nargs="+",
        type=Path,
        metavar="CACHE",
        help="a shard build's .briefings-cache folder",
    )
    merge_cmd.add_argument("--output", type=Path, help="output folder (default: output/)")
    merge_cmd.add_argument("--workers", type=int, help="PDF worker processes")
    merge_cmd.set_defaults(run=_merge_shards, no_pdf=False, shard=None)

    check_cmd = commands.add_parser("check", help="report every problem in the content")
    check_cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
    check_cmd.add_argument(
        "--changed-since",
        metavar="REV",
        help="with --strict, fail on warnings only in the files changed since REV (committed "
        "since its merge base, uncommitted or new); the other warnings are listed as not failing",
    )
    check_cmd.add_argument("--format", choices=["text", "json"], default="text")
    check_cmd.set_defaults(run=_check)
    _add_new_commands(commands)

    review_cmd = commands.add_parser(
        "review", help="list what is due for review: stale figures, briefings, sources"
    )
    review_cmd.add_argument("--format", choices=["text", "json"], default="text")
    review_cmd.set_defaults(run=_review)

    brief_cmd = commands.add_parser(
        "brief", help="the PDF brief of one meeting or visit, for the principal"
    )
    brief_cmd.add_argument("event", help="the event's id, e.g. jspg-8 (or kz-tr/jspg-8)")
    brief_cmd.add_argument(
        "--output", type=Path, help="the PDF to write (default: <slug>-<id>-brief.pdf here)"
    )
    _add_edition(brief_cmd, "(default: public)")
    brief_cmd.set_defaults(run=_brief)

    translate_cmd = commands.add_parser(
        "translate", help="how far each translation is behind its original; mark one current"
    )
    translate_kinds = translate_cmd.add_subparsers(dest="action", required=True)
    status = translate_kinds.add_parser("status", help="list every translation and what changed")
    status.set_defaults(run=_translate_status)
    mark = translate_kinds.add_parser(
        "mark", help="record that a translation now says what its original says"
    )
    mark.add_argument("slug", help="the relationship, e.g. kz-tr")
    mark.add_argument("lang", help="the translation's language, e.g. tr")
    mark.set_defaults(run=_translate_mark)

    serve_cmd = commands.add_parser("serve", help="preview the site live, drafts included")
    serve_cmd.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port on 127.0.0.1 (default: 8000; 0 picks a free one)",
    )
    serve_cmd.set_defaults(run=_serve)
    return parser


def _settings(args: argparse.Namespace, **overrides: Any) -> Settings:
    if not args.settings.is_file():
        raise SettingsError(f"no settings file at {args.settings}; run from the project folder")
    if args.as_of:
        overrides["BRIEFINGS_AS_OF"] = args.as_of
    return load_settings(args.settings.resolve(), overrides, today=args.today)


def _build(args: argparse.Namespace) -> int:
    return _build_with(_edition_output(_settings(args, **_output_overrides(args)), args), args)


def _add_edition(command: argparse.ArgumentParser, default: str) -> None:
    command.add_argument(
        "--edition",
        choices=["public", "internal"],
        help=f"public, or internal with the fields and blocks marked internal {default}",
    )


def _edition_output(settings: Settings, args: argparse.Namespace) -> Settings:
    """An internal build goes beside the public site, never over it, unless ``--output``
    says where."""
    if settings.edition != "internal" or args.output:
        return settings
    output = settings.output_dir
    return settings.replace(output_dir=output.with_name(f"{output.name}-internal"))


def _build_with(settings: Settings, args: argparse.Namespace) -> int:
    _print_as_of_note(settings)
    result = build(
        settings,
        pdf=not args.no_pdf,
        progress=sys.stderr.isatty(),
        shard=args.shard,
    )
    _print_problems(result.problems)
    for message in result.pdf_warnings:
        print(f"briefings: warning: {message}", file=sys.stderr)
    pdfs = len(result.pdfs_rendered) + len(result.pdfs_skipped)
    index = result.output_dir / "index.html"
    print(
        f"Built {index.parent}: {result.pages} pages, {pdfs} PDFs of briefs and books "
        f"({len(result.pdfs_rendered)} rendered, {len(result.pdfs_skipped)} unchanged), "
        f"{result.data_files} feeds and data files. Open {index.as_uri()} in a browser."
    )
    return EXIT_OK


def _shard(text: str) -> Shard:
    try:
        return Shard.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _output_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings ``build`` and ``merge-shards`` take from their options."""
    overrides: dict[str, Any] = {}
    if args.output:
        overrides["OUTPUT_PATH"] = str(args.output.resolve())
    if args.workers is not None:
        overrides["BRIEFINGS_WORKERS"] = args.workers
    if getattr(args, "edition", None):
        overrides["BRIEFINGS_EDITION"] = args.edition
    return overrides


def _merge_shards(args: argparse.Namespace) -> int:
    settings = _settings(args, **_output_overrides(args))
    added = merge_shard_caches(args.caches, settings.cache_dir)
    print(f"Merged {added} cached PDFs from {len(args.caches)} shard caches.")
    return _build_with(settings, args)


def _check(args: argparse.Namespace) -> int:
    if args.changed_since and not args.strict:
        print("briefings: error: --changed-since goes with --strict", file=sys.stderr)
        return EXIT_FAILURE
    settings = _settings(args)
    _print_as_of_note(settings)
    _, problems = check(settings)
    changed = None
    if args.changed_since:
        changed = changed_files(settings.content_dir.parent, args.changed_since)
    failing = {p for p in problems if is_failing(p, strict=args.strict, changed=changed)}
    if args.format == "json":
        print(as_json(problems, failing=None if changed is None else failing))
    else:
        passing = [] if changed is None else [p for p in problems if p not in failing]
        _print_problems([p for p in problems if changed is None or p in failing], sys.stdout)
        if passing:
            print(f"Not failing, in files unchanged since {args.changed_since}:")
            _print_problems(passing, stream=sys.stdout)
        errors = sum(problem.is_error for problem in problems)
        not_failing = f" ({len(passing)} not failing)" if passing else ""
        print(f"{errors} errors, {len(problems) - errors} warnings{not_failing}")
    return EXIT_PROBLEMS if failing else EXIT_OK


def _review(args: argparse.Namespace) -> int:
    settings = _settings(args)
    _print_as_of_note(settings)
    site, due, problems = review(settings)
    if problems:
        print(
            f"briefings: {len(problems)} problems in the content leave items out of this "
            "list; `briefings check` shows them",
            file=sys.stderr,
        )
    if args.format == "json":
        print(due_as_json(due, site.as_of))
    else:
        for item in due:
            print(item)
        print(f"{len(due)} due as of {site.as_of.isoformat()}")
    return EXIT_OK


def _brief(args: argparse.Namespace) -> int:
    overrides = {"BRIEFINGS_EDITION": args.edition} if args.edition else {}
    settings = _settings(args, **overrides)
    _print_as_of_note(settings)
    path = render_meeting_brief(settings, args.event, args.output)
    print(f"Wrote {path} ({settings.edition} edition).")
    return EXIT_OK


def _translate_status(args: argparse.Namespace) -> int:
    settings = _settings(args)
    site, _ = check(settings)
    for line in translation_status(site.corpus.relationships, settings.languages):
        print(line)
    return EXIT_OK


def _translate_mark(args: argparse.Namespace) -> int:
    settings = _settings(args)
    site, problems = check(settings)
    errors = [p for p in problems if p.is_error]
    if errors:
        _print_problems(errors)
        print(
            "briefings: error: fix the errors first: a translation is marked against "
            "content that loads",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    path = mark_translation(site.corpus.relationships, args.slug, args.lang)
    print(f"Marked {path}: it translates {args.slug} as the original stands now.")
    return EXIT_OK


def _print_as_of_note(settings: Settings) -> None:
    """A dirty tree is checked and built as of today: say so, since a commit of the
    same content made another day would be dated differently."""
    if note := settings.as_of_note():
        print(f"briefings: note: {note}", file=sys.stderr)


def _print_problems(problems: list[Problem], stream: Any = sys.stderr) -> None:
    for problem in problems:
        print(problem, file=stream)


def _add_new_commands(commands: Any) -> None:
    new_cmd = commands.add_parser(
        "new", help="start a relationship, an update or a data item from a template"
    )
    kinds = new_cmd.add_subparsers(dest="kind", required=True, metavar="KIND")
    relationship = kinds.add_parser(
        "relationship", help="a draft relationship in content/relationships/<slug>/"
    )
    relationship.add_argument(
        "countries", nargs=2, metavar="COUNTRY", help="an ISO code or a name, e.g. TR or Kazakhstan"
    )
    relationship.set_defaults(run=_new_relationship)
    update = kinds.add_parser("update", help="a draft dated update in content/updates/")
    update.add_argument("title", help='what happened, e.g. "Eighth JSPG meeting held in Ankara"')
    update.add_argument(
        "--date",
        type=_day,
        default=None,
        help="the day of the news, YYYY-MM-DD (default: today, or the --as-of date)",
    )
    update.set_defaults(run=_new_update)
    for kind in ("event", "figure"):
        item = kinds.add_parser(kind, help=f"print a template for one {kind}, or add it with --to")
        item.add_argument(
            "--to",
            metavar="RELATIONSHIP",
            help=f"add the {kind} to this relationship's data.yaml, e.g. kz-tr",
        )
        item.set_defaults(run=_new_item)
    source = kinds.add_parser(
        "source", help="print a template for one source, or add it with --add"
    )
    source.add_argument("--add", action="store_true", help="add it to content/sources.yaml")
    source.set_defaults(run=_new_item)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day written YYYY-MM-DD") from None


def _content_dir(args: argparse.Namespace) -> Path:
    return _settings(args).content_dir


def _new_relationship(args: argparse.Namespace) -> int:
    settings = _settings(args)
    created = scaffold.new_relationship(
        settings.content_dir, *args.countries, today=settings.dated_now(args.today)
    )
    print(f"Created the draft relationship {created.title}:")
    for path in created.files:
        print(f"  {scaffold.shown(path, Path.cwd())}")
    print(
        "Next: replace every TODO with what your sources say (`briefings check` lists them),\n"
        f"preview it with `briefings serve` at /relationships/{created.slug}/, and set\n"
        "`status: published` in index.md once every fact is sourced."
    )
    return EXIT_OK


def _new_update(args: argparse.Namespace) -> int:
    settings = _settings(args)
    path = scaffold.new_update(
        settings.content_dir, args.title, date=args.date or settings.dated_now(args.today)
    )
    print(
        f"Created the draft update {scaffold.shown(path, Path.cwd())}.\n"
        "Next: replace every TODO, preview it with `briefings serve`, and set\n"
        "`status: published` once every fact is sourced."
    )
    return EXIT_OK


def _new_item(args: argparse.Namespace) -> int:
    target = getattr(args, "to", None)
    if target is None and not getattr(args, "add", False):
        print(scaffold.snippet(args.kind), end="")
        return EXIT_OK
    added = scaffold.append_snippet(_content_dir(args), args.kind, target)
    print(
        f"{scaffold.shown(added.path, Path.cwd())}:{added.line}: added a new {args.kind}.\n"
        "Next: replace every TODO with what the source says, then run `briefings check`."
    )
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    if not args.settings.is_file():
        raise SettingsError(f"no settings file at {args.settings}; run from the project folder")
    return serve(args.settings.resolve(), port=args.port, as_of=args.as_of)
