"""No code path from data to execution: the package never evaluates, unpickles or shells out.

Every module of ``game`` is parsed (not imported) and searched for the ways a string or a
file could become code: ``eval``/``exec``/``compile``, unpickling (pickle, marshal,
shelve...), YAML loaders that construct Python objects, a shell, and imports whose
module name is not written in the source. An exception is allowed only when it is listed
in ``ALLOWED`` with the exact call and why it is safe; a listed call that disappears
fails too, so the list stays exact.
"""

from __future__ import annotations

import ast
import shlex
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "game"

# (file relative to game/, enclosing function, the call as ast.unparse writes it) -> why.
ALLOWED = {
    ("cli.py", "main", "importlib.import_module(f'game.commands.{module_name}')"):
        "module_name comes from _COMMAND_MODULES, a fixed table of this file keyed by the "
        "subcommand argparse accepted (choices are the parser's own); never from data",
}

CODE_FROM_TEXT = {"eval", "exec", "compile", "execfile", "__import__", "breakpoint"}
UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "jsonpickle",
                  "runpy", "code", "codeop", "ctypes", "pty", "xmlrpc", "multiprocessing.reduction"}
UNSAFE_YAML = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all",
               "Loader", "FullLoader", "UnsafeLoader", "CLoader", "CFullLoader", "CUnsafeLoader",
               "UnsafeConstructor", "FullConstructor", "Constructor"}
SAFE_YAML_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}
SHELL_CALLS = {("os", "system"), ("os", "popen"), ("os", "execl"), ("os", "execlp"), ("os", "execle"),
               ("os", "execlpe"), ("os", "execv"), ("os", "execvp"), ("os", "execve"), ("os", "execvpe"),
               ("os", "spawnl"), ("os", "spawnle"), ("os", "spawnlp"), ("os", "spawnv"), ("os", "spawnve"),
               ("os", "spawnvp"), ("os", "posix_spawn"), ("os", "posix_spawnp"), ("os", "startfile"),
               ("subprocess", "getoutput"), ("subprocess", "getstatusoutput")}
DYNAMIC_IMPORTS = {("importlib", "import_module"), ("importlib", "__import__"), ("pkgutil", "resolve_name"),
                   ("pydoc", "locate")}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


class _Finder(ast.NodeVisitor):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.function = "<module>"
        self.found: list[tuple[str, str, str, str]] = []  # (file, function, call, what)
        self.aliases: dict[str, str] = {}  # local name -> module.attr it stands for

    def report(self, node: ast.AST, what: str) -> None:
        self.found.append((self.path.relative_to(PACKAGE).as_posix(), self.function, ast.unparse(node), what))

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name in UNSAFE_MODULES or alias.name.split(".")[0] in UNSAFE_MODULES:
                self.report(node, f"imports {alias.name}")
            self.aliases[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if module in UNSAFE_MODULES or module.split(".")[0] in UNSAFE_MODULES:
            self.report(node, f"imports from {module}")
        for alias in node.names:
            full = f"{module}.{alias.name}"
            self.aliases[alias.asname or alias.name] = full
            if module == "yaml" and alias.name in UNSAFE_YAML:
                self.report(node, f"imports yaml.{alias.name}")
            if (module, alias.name) in SHELL_CALLS or (module, alias.name) in DYNAMIC_IMPORTS:
                self.report(node, f"imports {full}")
            if module == "builtins" and alias.name in CODE_FROM_TEXT:
                self.report(node, f"imports builtins.{alias.name}")

    def _resolved(self, node: ast.AST) -> str:
        name = _dotted(node)
        head, _, rest = name.partition(".")
        if head in self.aliases:
            return self.aliases[head] + (f".{rest}" if rest else "")
        return name

    def visit_Attribute(self, node: ast.Attribute) -> None:
        full = self._resolved(node)
        if full.startswith("yaml.") and full.split(".", 1)[1] in UNSAFE_YAML and full != "yaml.load":
            self.report(node, f"uses {full}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        full = self._resolved(node.func)
        name = full.split(".")[-1]
        if isinstance(node.func, ast.Name) and node.func.id in CODE_FROM_TEXT and node.func.id not in self.aliases:
            self.report(node, f"calls {node.func.id}()")
        if full in {f"builtins.{n}" for n in CODE_FROM_TEXT}:
            self.report(node, f"calls {full}()")
        if full in ("yaml.load", "yaml.load_all"):
            loader = next((k.value for k in node.keywords if k.arg == "Loader"), node.args[1] if len(node.args) > 1 else None)
            if loader is None or self._resolved(loader).split(".")[-1] not in SAFE_YAML_LOADERS:
                self.report(node, f"calls {full} without a safe loader")
        module = full.rsplit(".", 1)[0] if "." in full else ""
        if (module, name) in SHELL_CALLS:
            self.report(node, f"calls {full}()")
        if any(k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
               for k in node.keywords):
            self.report(node, "passes shell=")
        if (module, name) in DYNAMIC_IMPORTS or full == "__import__":
            if not (node.args and isinstance(node.args[0], ast.Constant)):
                self.report(node, f"imports a module named at run time ({full})")
        if name in ("getattr", "setattr") and isinstance(node.func, ast.Name):
            target = node.args[0] if node.args else None
            constant = len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
            if target is not None and not constant and self._resolved(target) in ("builtins", "os", "subprocess", "sys"):
                self.report(node, f"looks up a name of {self._resolved(target)} at run time")
        self.generic_visit(node)


def _findings(source: str, path: Path) -> list[tuple[str, str, str, str]]:
    finder = _Finder(path)
    finder.visit(ast.parse(source))
    return finder.found


def test_no_code_path_from_data_to_execution():
    found = []
    for path in _modules():
        found += _findings(path.read_text(encoding="utf-8"), path)
    unexpected = [f for f in found if f[:3] not in ALLOWED]
    assert not unexpected, "\n".join(f"game/{file} in {function}(): {call} — {what}"
                                      for file, function, call, what in unexpected)
    stale = set(ALLOWED) - {f[:3] for f in found}
    assert not stale, f"ALLOWED lists calls that are gone (remove them): {sorted(stale)}"


def test_the_command_table_is_fixed_strings():
    """The one dynamic import takes its name from a literal table of literal strings."""
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    tables = [n for n in ast.walk(tree) if isinstance(n, ast.Assign)
              and any(isinstance(t, ast.Name) and t.id == "_COMMAND_MODULES" for t in n.targets)]
    assert len(tables) == 1 and isinstance(tables[0].value, ast.Dict)
    table = tables[0].value
    assert all(isinstance(k, ast.Constant) and isinstance(v, ast.Constant) and str(v.value).isidentifier()
               for k, v in zip(table.keys, table.values))
    from game.cli import _COMMAND_MODULES

    assert all((PACKAGE / "commands" / f"{name}.py").is_file() for name in _COMMAND_MODULES.values())


# The scanner must itself catch what it looks for: each of these is found.
BAD_SNIPPETS = [
    "eval(text)",
    "exec(code)",
    "compile(src, 'x', 'exec')",
    "import pickle",
    "from pickle import loads",
    "import marshal as m",
    "import shelve",
    "import yaml\nyaml.load(text)",
    "import yaml\nyaml.load(text, Loader=yaml.Loader)",
    "import yaml\nyaml.unsafe_load(text)",
    "import yaml\nyaml.full_load(text)",
    "from yaml import FullLoader",
    "import yaml\nx = yaml.UnsafeLoader",
    "import subprocess\nsubprocess.run(cmd, shell=True)",
    "import subprocess as sp\nsp.Popen(cmd, shell=flag)",
    "import os\nos.system(cmd)",
    "from os import system\nsystem(cmd)",
    "import os\nos.popen(cmd)",
    "__import__(name)",
    "import importlib\nimportlib.import_module(name)",
    "from importlib import import_module\nimport_module(name)",
    "import builtins\nbuiltins.eval(text)",
    "import builtins\ngetattr(builtins, name)",
]
GOOD_SNIPPETS = [
    "import yaml\nyaml.safe_load(text)",
    "import yaml\nyaml.load(text, Loader=yaml.CSafeLoader)",
    "import yaml\nyaml.compose(text, Loader=yaml.CSafeLoader)",
    "import subprocess\nsubprocess.run([a, b], shell=False)",
    "import importlib\nimportlib.import_module('game.tui')",
    "import re\nre.compile(pattern)",
    "value = ast.literal_eval(text)",
    "import os\nflags = getattr(os, 'O_BINARY', 0)",
]


@pytest.mark.parametrize("snippet", BAD_SNIPPETS)
def test_the_scanner_catches(snippet):
    assert _findings(snippet, PACKAGE / "x.py"), snippet


@pytest.mark.parametrize("snippet", GOOD_SNIPPETS)
def test_the_scanner_lets_pass(snippet):
    assert not _findings(snippet, PACKAGE / "x.py"), snippet


def test_serve_quotes_paths_for_the_shell(tmp_path):
    """textual-serve starts the game through a shell: a folder name is never a command."""
    import argparse

    from game.commands.serve import app_command

    evil = tmp_path / "mods" / "x'; touch pwned; echo '$(touch pwned)`touch pwned`"
    args = argparse.Namespace(content=tmp_path / "c; rm -rf ~", mods=[evil])
    command = app_command(args)
    parts = shlex.split(command)
    assert parts[-1] == str(evil.resolve()) and parts[-3] == str((tmp_path / "c; rm -rf ~").resolve())
