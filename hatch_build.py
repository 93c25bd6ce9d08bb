"""Compiles the simulation kernel's C random stream (game/sim/_splitmix.c) at install.

The game needs no compiler: where none is found or the compile fails, the install goes
on without the module and the kernel uses the same stream in pure Python
(game/sim/splitmix.py), only slower. Nothing else is built here. Hatchling loads this
file for the project's `[tool.hatch.build.hooks.custom]`; it uses only the standard
library, so it adds nothing to install.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("game") / "sim" / "_splitmix.c"


def find_compiler() -> list[str] | None:
    """The C compiler's command: ``$CC``, else the one Python was built with; None where
    neither names a program on this machine, or Python's headers are not installed (a
    system Python without its -dev package)."""
    compiler = shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "")
    if not compiler or shutil.which(compiler[0]) is None:
        return None
    return compiler if (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file() else None


def compile_extension(root: Path) -> Path | None:
    """Build ``_splitmix`` beside its source; return the module's path, or None (and a
    line on stderr saying why) where it could not be built. A module built before is
    replaced only by one that compiled."""
    if os.environ.get("MULTIVECTOR_PURE_PYTHON", "") not in ("", "0"):
        return None
    source = root / SOURCE
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    compiler = find_compiler()
    if not suffix or compiler is None:
        print("multivector: no C compiler or no Python headers found; the simulation kernel's random stream "
              "stays pure Python",
              file=sys.stderr)
        return None
    target = source.with_name("_splitmix" + suffix)
    with tempfile.TemporaryDirectory() as work:
        built = Path(work) / target.name
        # macOS links an extension as a bundle whose Python symbols the interpreter
        # provides at load; elsewhere a shared object.
        link = ["-bundle", "-undefined", "dynamic_lookup"] if sys.platform == "darwin" else ["-shared"]
        command = [*compiler, "-O2", "-fPIC", *link, f"-I{sysconfig.get_paths()['include']}",
                   str(source), "-o", str(built)]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0 or not built.is_file():
            print(f"multivector: compiling {SOURCE} failed; the random stream stays pure Python:\n{result.stderr}",
                  file=sys.stderr)
            return None
        # Beside the target, then renamed over it: a running process that loaded the old
        # module keeps its file, never one half written.
        staged = target.with_name(target.name + ".new")
        shutil.copyfile(built, staged)
        os.replace(staged, target)
    return target


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        built = compile_extension(Path(self.root))
        if built is None:
            return
        # A compiled module: the wheel is for this platform and Python, not any.
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        # Ignored by git, so named for the wheel; an editable install finds it in place.
        build_data["artifacts"].append(str(built.relative_to(self.root)))
