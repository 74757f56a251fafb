"""Command line of the book: ``python -m helpers data ...``, ``run ...``, ``build``, ``student``, ``chapters`` ..."""

from __future__ import annotations

import argparse
import sys

from helpers.common.errors import DataError, ParameterError
from helpers.common.paths import data_root, data_root_and_origin, require_data_root, resolve_user_path
from helpers.datasets import download
from helpers.datasets.registry import DATASETS, dataset
from helpers.publishing import chapters, notebooks, profiles, runner

INTERRUPTED_EXIT = 130  # the shell's code for a process stopped by SIGINT


def _data(args: argparse.Namespace) -> int:
    names = args.names or list(DATASETS)
    for name in names:
        dataset(name)
    if args.action == "list":
        for name in names:
            ds = dataset(name)
            print(f"{name:22} {ds.folder:30} {ds.title}")
        return 0
    if args.action == "root":
        print(data_root())
        return 0
    if args.action == "fetch":
        for name in names:
            written = download.fetch(name)
            print(f"{name}: {len(written)} file(s) downloaded" if written else f"{name}: all files present")
    origin = data_root_and_origin()[1]
    try:
        print(f"data root: {require_data_root()} ({origin})")
    except DataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    failed = 0
    for name in names:
        checks = download.check_files(name)
        print(download.summary(name, checks))
        if args.verbose:
            for check in checks:
                print(f"  {check.describe(name)}")
        failed += any(check.problem for check in checks)
    return 1 if failed else 0


def _run(args: argparse.Namespace) -> int:
    overrides = profiles.parse_overrides(args.param)
    out = resolve_user_path(args.out) if args.out else None
    try:
        runner.run(args.notebooks, args.profile, overrides, out, args.skip_current, args.jobs)
    except runner.NotebookFailed:
        return 1
    return 0


def _clean(args: argparse.Namespace) -> int:
    for notebook in notebooks.resolve(args.notebooks) if args.notebooks else notebooks.all_notebooks():
        print(f"{notebook.name}: {'outputs cleared' if notebooks.clear_outputs(notebook) else 'clean'}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from helpers.publishing import html_book  # imports every study package: only for this command

    try:
        html = html_book.build()
    except RuntimeError as err:
        print(f"FAILED: {err}", file=sys.stderr)
        return 1
    print(f"built {html / 'index.html'}")
    return 0


def _student(args: argparse.Namespace) -> int:
    from helpers.publishing import kits

    chosen = notebooks.resolve(args.notebooks) if args.notebooks else notebooks.all_notebooks()
    student_zip, teacher_zip = kits.write_kits(chosen, kits.default_kit_dir())
    print(f"student kit: {student_zip}\nteacher kit (solutions: not for students): {teacher_zip}")
    return 0


def _examples(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.publishing import examples

    def shown(value: object) -> str:
        """A parameter's value as the command line takes it: paths relative to here where they can be."""
        if isinstance(value, list):
            return f"[{','.join(shown(item) for item in value)}]"
        if isinstance(value, str):
            path = Path(value)
            return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
        return str(value)

    folder = resolve_user_path(args.folder)
    for stem, example in examples.write_examples(folder, args.notebooks or None).items():
        files = sorted(path.name for path in (folder / stem).iterdir() if path.is_file())
        print(f"{stem}: {', '.join(files)} in {folder / stem}")
        pairs = [f"{name}={shown(value)}" for name, value in example.parameters.items()]
        options = [f'-p "{pair}"' if "[" in pair else f"-p {pair}" for pair in pairs]
        print(f"  .venv/bin/python -m helpers run {stem} --profile quick " + " ".join(options))
    return 0


def _chapters(args: argparse.Namespace) -> int:
    if args.quick_order:
        print(" ".join(chapters.quick_order()))
    else:
        for chapter in chapters.chapters():
            print(f"{chapter.stem:16} {chapter.part:10} helpers/{chapter.package + '/':12} {chapter.title}")
    return 0


def _new_chapter(args: argparse.Namespace) -> int:
    from helpers.publishing import scaffold

    chapter = scaffold.planned(args.stem, args.title, args.short_title, args.package)
    for path in scaffold.write(chapter):
        print(f"wrote {path}")
    print(f"next: .venv/bin/python -m helpers run {chapter.stem} --profile quick, then its tests")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    data = commands.add_parser("data", help="list, verify or fetch the registered data sets, or print the data root")
    data.add_argument("action", choices=["list", "verify", "fetch", "root"], help="root: print the data root")
    data.add_argument("-v", "--verbose", action="store_true", help="with verify: one line per file")
    data.add_argument("names", nargs="*", help=f"data sets (default: all): {', '.join(DATASETS)}")
    data.set_defaults(handler=_data)

    run = commands.add_parser("run", help="execute notebooks with papermill under a profile")
    run.add_argument(
        "notebooks", nargs="*", help="chapter names (`python -m helpers chapters` lists them; default: all)"
    )
    run.add_argument("--profile", choices=profiles.PROFILES, required=True)
    run.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE", help="override a parameter")
    run.add_argument(
        "--out", help="folder for the executed copies (default: book/chapters for full, build/<profile> else)"
    )
    run.add_argument("--skip-current", action="store_true", help="skip notebooks whose executed copy is up to date")
    run.add_argument("-j", "--jobs", type=int, default=1, help="notebooks run at once, each in its own process")
    run.set_defaults(handler=_run)

    clean = commands.add_parser("clean-notebooks", help="strip outputs from the committed notebooks")
    clean.add_argument("notebooks", nargs="*", help="notebook names (default: all)")
    clean.set_defaults(handler=_clean)

    build = commands.add_parser("build", help="build the HTML book from the executed chapters (warnings are errors)")
    build.set_defaults(handler=_build)

    kit = commands.add_parser(
        "student", help="write the student kit and the teacher kit (folders and zips) to build/student"
    )
    kit.add_argument("notebooks", nargs="*", help="notebook names (default: all)")
    kit.set_defaults(handler=_student)

    example = commands.add_parser("examples", help="write example files of one's own, in each chapter's input format")
    example.add_argument("folder", help="where to write them (one folder per chapter)")
    example.add_argument("notebooks", nargs="*", help="chapter names (default: every chapter with examples)")
    example.set_defaults(handler=_examples)

    listing = commands.add_parser("chapters", help="list the chapters of the manifest (notebooks/chapters.yml)")
    listing.add_argument("--quick-order", action="store_true", help="only their names, in `make test`'s quick order")
    listing.set_defaults(handler=_chapters)

    new = commands.add_parser(
        "new-chapter", help="write a new chapter from the template: notebook, package, tests, manifest entry"
    )
    new.add_argument("stem", help="the notebook's name, NN_name (07_reviews)")
    new.add_argument("--title", required=True, help="the chapter's title, its notebook's first line")
    new.add_argument("--short-title", help="its name on the results page (default: the title up to a colon)")
    new.add_argument("--package", help="its study package under helpers/ (default: the name after NN_)")
    new.set_defaults(handler=_new_chapter)

    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (DataError, ParameterError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except runner.RunInterrupted:
        return INTERRUPTED_EXIT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED_EXIT


if __name__ == "__main__":
    sys.exit(main())
