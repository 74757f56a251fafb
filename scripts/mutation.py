"""Mutation testing of the modules that compute what the book reports (`make mutation`).

For each module of ``tests/mutation.toml`` this runs mutmut with that module's unit tests only, in a
scratch copy of the package (``build/mutation/<module>/``, so the checkout is never mutated), and writes
the report ``build/mutation/report.md`` (and ``report.json``): per module, the mutants killed, those
that survived, those no test reached, and the score, killed / (all − the equivalent survivors that
``tests/mutation.toml`` allows, each with its reason). It exits 1 when a module misses its target.

    python scripts/mutation.py                                   # every module, then the report
    python scripts/mutation.py helpers/common/metrics.py         # one module; the report keeps the others'
    python scripts/mutation.py --report                          # the report from the stored results only
    python scripts/mutation.py --survivors helpers/common/metrics.py   # the surviving mutants' diffs
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "tests" / "mutation.toml"
OUT = ROOT / "build" / "mutation"
RESULTS = OUT / "results.json"  # each module's latest counts and survivors, kept between runs
# mutmut's exit codes of a mutant's test run (mutmut.stats.status_by_exit_code), grouped as the report counts them
KILLED_CODES = {1, 3, 36, 24, -24, 152, 255}  # a failing test, pytest's internal error, or a timeout
SURVIVED_CODES = {0}
NO_TEST_CODES = {5, 33}
WORKERS = 2  # the reference machine's cores
PAGES = ["book", "notebooks", "_toc.yml", "_config.yml"]  # the committed pages and chapters some unit tests read


@dataclass(frozen=True)
class Module:
    """One module mutated: its ``path``, the unit ``tests`` that check it, the share ``target`` of
    mutants they must kill, and ``why`` it computes a number the book reports."""

    path: str
    tests: tuple[str, ...]
    target: float
    why: str
    functions: tuple[str, ...] = ()  # name patterns of the functions mutated (default: all of the module)

    @property
    def dotted(self) -> str:
        """The module's import name, as mutmut prefixes its mutants' names."""
        return self.path.removesuffix(".py").replace("/", ".")

    @property
    def slug(self) -> str:
        return self.dotted.removeprefix("helpers.").replace(".", "_")

    @property
    def mutant_patterns(self) -> list[str]:
        """mutmut's name patterns of this module's mutants (``functions`` only, where given)."""
        return [f"{self.dotted}.x_{name}__mutmut_*" for name in self.functions] or [f"{self.dotted}.*"]

    def counts(self, name: str) -> bool:
        """Return whether mutant ``name`` is one of this module's mutants the report counts."""
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self.mutant_patterns)


def load_config(path: Path = CONFIG) -> tuple[list[Module], dict[str, str]]:
    """Return the modules of ``path`` (``[[module]]`` tables) and the allowed equivalent mutants
    (``[equivalent]``: mutant name -> why no test can tell it from the original)."""
    data = tomllib.loads(path.read_text())
    modules = [
        Module(
            entry["path"],
            tuple(entry["tests"]),
            float(entry["target"]),
            entry["why"],
            tuple(entry.get("functions", ())),
        )
        for entry in data["module"]
    ]
    for module in modules:
        missing = [p for p in (module.path, *module.tests) if not (ROOT / p).is_file()]
        if missing:
            raise SystemExit(f"{path.name}: {module.path} names files that do not exist: {missing}")
    return modules, dict(data.get("equivalent", {}))


def _prepare(module: Module) -> Path:
    """Return a fresh scratch directory holding the package, the module's tests and mutmut's settings."""
    work = OUT / module.slug
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(ROOT / "helpers", work / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    tracked = subprocess.run(
        ["git", "ls-files", *PAGES], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for path in [*module.tests, *tracked]:
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / path, work / path)
    tests = ", ".join(f'"{t}"' for t in module.tests)
    pages = ", ".join(f'"{p}"' for p in PAGES)
    (work / "pyproject.toml").write_text(
        "[tool.mutmut]\n"
        'source_paths = ["helpers"]\n'
        f"also_copy = [{pages}]\n"
        f'only_mutate = ["{module.path}"]\n'
        f"pytest_add_cli_args_test_selection = [{tests}]\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
        'process_isolation = "forkserver"\n'
        "[tool.pytest.ini_options]\n"
    )
    return work


def _mutmut(work: Path, *args: str, capture: bool = False) -> subprocess.CompletedProcess:
    """Run mutmut in ``work`` with the package's copy there first on the path (not the checkout's)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    command = [sys.executable, "-c", "from mutmut.__main__ import cli; cli()", *args]
    return subprocess.run(command, cwd=work, env=env, text=True, capture_output=capture, check=False)


def run_module(module: Module) -> dict:
    """Mutate ``module``, run its tests against every mutant and return its counts and survivors."""
    work = _prepare(module)
    chosen = module.mutant_patterns if module.functions else []
    done = _mutmut(work, "run", "--max-children", str(WORKERS), *chosen)
    if done.returncode != 0:
        raise SystemExit(f"mutmut failed on {module.path} (exit {done.returncode}): see the output above")
    meta = json.loads((work / "mutants" / (module.path + ".meta")).read_text())
    codes = {name: code for name, code in meta["exit_code_by_key"].items() if module.counts(name)}
    survived = sorted(name for name, code in codes.items() if code in SURVIVED_CODES)
    no_tests = sorted(name for name, code in codes.items() if code in NO_TEST_CODES)
    killed = sum(code in KILLED_CODES for code in codes.values())
    other = sorted(name for name, code in codes.items() if code not in KILLED_CODES | SURVIVED_CODES | NO_TEST_CODES)
    return {
        "module": module.path,
        "total": len(codes),
        "killed": killed,
        "survived": survived,
        "no_tests": no_tests,
        "other": other,
    }


def score(result: dict, equivalent: dict[str, str]) -> tuple[float, list[str]]:
    """Return a module's score, killed / (total − allowed equivalents among its survivors), and those
    allowed equivalents."""
    allowed = [name for name in result["survived"] if name in equivalent]
    counted = result["total"] - len(allowed)
    return (result["killed"] / counted if counted else 1.0), allowed


def write_report(modules: list[Module], results: dict[str, dict], equivalent: dict[str, str]) -> bool:
    """Write ``report.md`` and ``report.json`` from the stored ``results``; return whether every module
    met its target (a module not yet run has not)."""
    rows, summary, all_met = [], [], True
    for module in modules:
        result = results.get(module.path)
        shown = f"`{module.path}`" + (f" ({', '.join(module.functions)})" if module.functions else "")
        if result is None:
            rows.append(f"| {shown} | not run | | | | | {module.target:.0%} | no |")
            all_met = False
            continue
        value, allowed = score(result, equivalent)
        met = value >= module.target
        all_met &= met
        survived = len(result["survived"]) - len(allowed)
        rows.append(
            f"| {shown} | {result['total']} | {result['killed']} | {survived} | {len(result['no_tests'])} "
            f"| {len(allowed)} | {value:.1%} (target {module.target:.0%}) | {'yes' if met else 'NO'} |"
        )
        summary.append({**asdict(module), **result, "equivalent": allowed, "score": value, "met": met})
    stale = sorted(set(equivalent) - {name for r in results.values() for name in r["survived"]})
    lines = [
        "# Mutation report",
        "",
        "Each module mutated by mutmut and checked by its own unit tests (`tests/mutation.toml`). Score: killed /",
        "(all mutants − the allowed equivalent survivors).",
        "",
        "| module | mutants | killed | survived | no tests | equivalent | score | target met |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        "## Survivors (not allowed as equivalent)",
        "",
    ]
    for module in modules:
        result = results.get(module.path)
        if result:
            lines += [f"- `{name}`" for name in result["survived"] + result["no_tests"] if name not in equivalent]
    lines += ["", "## Allowed equivalent mutants", ""]
    lines += [f"- `{name}`: {why}" for name, why in sorted(equivalent.items())]
    if stale:
        lines += ["", "Allowed but no longer surviving (remove from `tests/mutation.toml`): " + ", ".join(stale)]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report.md").write_text("\n".join(lines) + "\n")
    (OUT / "report.json").write_text(json.dumps(summary, indent=1) + "\n")
    return all_met


def show_survivors(module: Module, results: dict[str, dict]) -> None:
    """Print the diff of each mutant of ``module`` that survived its last run (from its scratch copy)."""
    work = OUT / module.slug
    for name in results.get(module.path, {}).get("survived", []):
        _mutmut(work, "show", name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help="paths of modules of tests/mutation.toml (default: all)")
    parser.add_argument("--report", action="store_true", help="only write the report from the stored results")
    parser.add_argument("--survivors", action="store_true", help="print the last run's surviving mutants")
    args = parser.parse_args(argv)
    modules, equivalent = load_config()
    by_path = {m.path: m for m in modules}
    unknown = [p for p in args.modules if p not in by_path]
    if unknown:
        parser.error(f"not in {CONFIG.name}: {unknown}; add them there with their tests")
    chosen = [by_path[p] for p in args.modules] or modules
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if args.survivors:
        for module in chosen:
            show_survivors(module, results)
        return 0
    if not args.report:
        for module in chosen:
            result = run_module(module)
            results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}  # another run may have added some
            results[module.path] = result
            OUT.mkdir(parents=True, exist_ok=True)
            RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    met = write_report(modules, results, equivalent)
    print((OUT / "report.md").read_text())
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
