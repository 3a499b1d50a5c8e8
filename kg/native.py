"""The extractor's rule modules compiled to C with mypyc: the same Python source, about twice as fast.

    .venv/bin/python scripts/native.py build     # `make run` and `make test` do it when the sources change
    .venv/bin/python scripts/native.py status

The compiled modules live in kg/extract/_compiled/, beside a fingerprint of the sources they were
built from. `kg.extract` puts them first on its import path only when that fingerprint matches the
sources as they are now, so an edited rule runs as written (in Python) until the next build, and a
machine without a C compiler runs the same extractor, slower. KG_PURE_PYTHON=1 ignores them.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
EXTRACT = PACKAGE / "extract"
COMPILED = EXTRACT / "_compiled"
FINGERPRINT = "FINGERPRINT"
# the modules that run per token or per trigger; gazetteer.py only loads data, once per process
MODULES = ("dates", "lexicon", "mentions", "nlp", "pipeline", "quantities", "relations", "context", "coordination",
           "arguments", "partners", "attributes", "modality", "frame_direct", "frame_transfer", "frame_symmetric",
           "frame_place", "document", "syntax", "anaphora")


def fingerprint(folder: Path = EXTRACT, modules: tuple[str, ...] = MODULES) -> str:
    """A digest of the sources of `modules` and of the Python that runs them."""
    h = hashlib.sha256(f"{sys.implementation.cache_tag} {sysconfig.get_config_var('EXT_SUFFIX')}".encode())
    for name in modules:
        h.update(name.encode())
        h.update((folder / f"{name}.py").read_bytes())
    return h.hexdigest()


def is_current(compiled: Path = COMPILED, folder: Path = EXTRACT, modules: tuple[str, ...] = MODULES) -> bool:
    """Were the modules in `compiled` built from the sources in `folder` as they are now?"""
    try:
        built = (compiled / FINGERPRINT).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return built == fingerprint(folder, modules)


def use_compiled(path: list[str], compiled: Path = COMPILED, folder: Path = EXTRACT) -> bool:
    """Put the compiled modules first on a package's `path` (its `__path__`) if they are current."""
    if os.environ.get("KG_PURE_PYTHON") or not is_current(compiled, folder):
        return False
    if str(compiled) not in path:
        path.insert(0, str(compiled))
    if str(compiled) not in sys.path:
        sys.path.append(str(compiled))  # mypyc's shared runtime library is imported by a top-level name
    return True


def active() -> bool:
    """Does this process run the compiled extractor?"""
    from .extract import relations

    return not relations.__file__.endswith(".py")  # type: ignore[union-attr]


def build(compiled: Path = COMPILED) -> None:
    """Compile MODULES with mypyc into `compiled` (a copy of the package is compiled, the tree stays as it is).

    Raises RuntimeError with mypyc's last lines if the compiler or mypyc fails.
    """
    with tempfile.TemporaryDirectory(prefix="kg-native-") as tmp:
        work = Path(tmp)
        shutil.copytree(PACKAGE, work / "kg", ignore=shutil.ignore_patterns("__pycache__", "_compiled", "*.so"))
        config = PACKAGE.parent / "pyproject.toml"
        if config.exists():
            shutil.copy(config, work / "pyproject.toml")  # the same mypy settings as the project's checks
        sources = [f"kg/extract/{name}.py" for name in MODULES]
        # The modules compiled must type-check; the rest of the package, which mypy reads for their imports
        # (the store, the CLI, pyoxigraph's stubs), is `mypy kg`'s business: an error there (a stub's new
        # signature, an unused ignore under a newer mypy) must not leave the extractor uncompiled.
        done = subprocess.run([sys.executable, "-m", "mypyc", "--follow-imports=silent", *sources], cwd=work,
                              capture_output=True, text=True,
                              env={**os.environ, "MYPY_CACHE_DIR": str(work / ".mypy_cache")})
        if done.returncode:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-5:])
            raise RuntimeError(f"mypyc failed (exit {done.returncode}):\n{tail}")
        staging = work / "_compiled"
        staging.mkdir()
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        for name in MODULES:
            shutil.move(work / "kg" / "extract" / f"{name}{suffix}", staging / f"{name}{suffix}")
        for runtime in work.glob(f"*__mypyc{suffix}"):
            shutil.move(runtime, staging / runtime.name)
        (staging / FINGERPRINT).write_text(fingerprint(work / "kg" / "extract") + "\n", encoding="utf-8")
        # replaced whole: a reader never sees new modules beside an old fingerprint
        old = compiled.with_name(compiled.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if compiled.exists():
            compiled.rename(old)
        shutil.move(staging, compiled)
        shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    if command == "build":
        if is_current():
            (COMPILED / FINGERPRINT).touch()  # for make: newer than the sources it was checked against
            print("kg: the compiled extractor is up to date", file=sys.stderr)
            return 0
        print("kg: compiling the extractor with mypyc (a few minutes) ...", file=sys.stderr)
        try:
            build()
        except (RuntimeError, OSError) as e:
            # no compiler, no mypy: the extractor runs as Python, with the same results
            print(f"kg: the extractor stays pure Python: {e}", file=sys.stderr)
            return 0
        print(f"kg: compiled extractor in {COMPILED}", file=sys.stderr)
        return 0
    if command == "status":
        state = "compiled, current" if is_current() else "pure Python (no current compiled build)"
        print(f"extractor: {state}")
        return 0
    print(f"usage: scripts/native.py [build|status], not {command!r}", file=sys.stderr)
    return 2
