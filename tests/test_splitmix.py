"""The kernel's random stream: compiled and pure Python give the same numbers, the
kernel plays the engine's games on either, and an install builds the compiled one where
it can and works without it.

game/sim/_splitmix.c (built by hatch_build.py at install) and the pure-Python functions
of game.sim.splitmix must agree for every state, or a game would deal other cards on
another machine; the kernel's agreement with the engine (tests/test_kernel.py) runs on
whichever the install has, so the pure path is played here too.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine import rng
from hatch_build import find_compiler
from game.sim import kernel as kernel_module
from game.sim import kernel_bots, splitmix
from game.sim.kernel import Kernel
from game.sim.kernel_bots import kernel_player
from game.sim.simulator import play_one
from game.sim.strategies import strategy_names
from tests.test_kernel import play_both

REPO = Path(__file__).resolve().parent.parent
states = st.integers(min_value=0, max_value=2**64 - 1)
compiled = pytest.mark.skipif(not splitmix.ACCELERATED, reason="this install has no compiled game/sim/_splitmix")


def _compiler_found() -> bool:
    return find_compiler() is not None


def test_the_install_compiled_the_stream_where_a_compiler_is_found():
    # CI installs as the README says, on a machine with a C compiler: the kernel must run
    # compiled there, or a broken build hook would go unseen behind the fallback.
    if os.environ.get("MULTIVECTOR_PURE_PYTHON", "") not in ("", "0"):
        assert not splitmix.ACCELERATED
    elif _compiler_found():
        assert splitmix.ACCELERATED, "pip install -e . did not build game/sim/_splitmix (hatch_build.py)"
    else:
        pytest.skip("no C compiler or Python headers here: the pure-Python stream is what it runs")


def test_the_pure_functions_are_the_engines_stream():
    state = rng.seed_state(2024)
    ends = [0.5, 1.5, 3.0]
    for _ in range(500):
        following, x = rng.next_float(state)
        assert splitmix.pure_step(state) == rng.next_u64(state)
        assert splitmix.pure_draw(state, 3.0, ends) == (following, x * 3.0, sum(end <= x * 3.0 for end in ends))
        assert splitmix.pure_pick(state, 3) == (int(x * 3), following)
        state = following


@compiled
@given(states)
def test_compiled_step_is_next_u64(state):
    assert splitmix.step(state) == rng.next_u64(state)


@compiled
@given(states, st.floats(min_value=1e-9, max_value=1e9),
       st.lists(st.floats(min_value=0, max_value=1e9), max_size=40).map(sorted))
def test_compiled_draw_is_the_pure_draw(state, total, ends):
    assert splitmix.draw(state, total, ends) == splitmix.pure_draw(state, total, ends)


@compiled
@given(states, st.integers(min_value=1, max_value=10**6))
def test_compiled_pick_is_the_pure_pick(state, n):
    assert splitmix.pick(state, n) == splitmix.pure_pick(state, n)


@compiled
def test_compiled_functions_refuse_bad_arguments_with_python_errors():
    for call, error in [
        (lambda: splitmix.step(-1), OverflowError),
        (lambda: splitmix.step(2**64), OverflowError),
        (lambda: splitmix.step("1"), TypeError),
        (lambda: splitmix.step(), TypeError),
        (lambda: splitmix.draw(1, 1.0, (0.5, 1.0)), TypeError),  # a tuple, not a list
        (lambda: splitmix.draw(1, 1.0, [0.5, "x", 1.0]), TypeError),
        (lambda: splitmix.draw(1, "a", [1.0]), TypeError),
        (lambda: splitmix.pick(1, 0), ValueError),
        (lambda: splitmix.pick(1, 2, 3), TypeError),
    ]:
        with pytest.raises(error):
            call()


@pytest.fixture
def pure_stream(monkeypatch):
    """The kernel and its bots on the pure-Python stream, as without a compiler."""
    monkeypatch.setattr(kernel_module, "_draw_step", splitmix.pure_draw)
    monkeypatch.setattr(kernel_module, "_step", splitmix.pure_step)
    monkeypatch.setattr(kernel_bots, "_pick", splitmix.pure_pick)


@pytest.mark.parametrize("scenario_index", [0, 1, 2, 3])
def test_on_the_pure_stream_the_kernel_plays_the_engines_games(base_content, pure_stream, scenario_index):
    scenario_id = sorted(base_content.scenarios)[scenario_index]
    for seed in range(120):
        chooser = random.Random(seed)
        play_both(base_content, scenario_id, seed, lambda turn, n: chooser.randrange(n))


def test_on_the_pure_stream_the_random_bot_plays_the_engines_games(base_content, pure_stream):
    assert "random" in strategy_names(base_content)
    for scenario_id in base_content.scenarios:
        play = kernel_player(base_content, scenario_id, "random")
        for seed in range(60):
            assert play(seed) == play_one(base_content, scenario_id, "random", seed), (scenario_id, seed)


def test_both_streams_play_the_same_kernel_games(base_content, pure_stream):
    # pure_stream is on for the first pass; the second uses what the module imported.
    kernel = Kernel(base_content)
    scenario_id = base_content.default_scenario.id
    pure = [kernel.play(scenario_id, seed, kernel_bots.random_policy) for seed in range(200)]
    kernel_module._draw_step, kernel_module._step, kernel_bots._pick = splitmix.draw, splitmix.step, splitmix.pick
    installed = [kernel.play(scenario_id, seed, kernel_bots.random_policy) for seed in range(200)]
    assert [(g.ending, g.meters, g.turns_played, g.score) for g in pure] == \
           [(g.ending, g.meters, g.turns_played, g.score) for g in installed]


# --- the install ----------------------------------------------------------------------


def _build_wheel(tmp_path: Path, **env: str) -> zipfile.ZipFile:
    """Build the project's wheel offline (no build isolation: the test environment has
    hatchling) into ``tmp_path``; the wheel, opened."""
    out = tmp_path / "wheel"
    base = {name: value for name, value in os.environ.items() if name not in ("MULTIVECTOR_PURE_PYTHON", "CC")}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(REPO)],
                   check=True, env={**base, **env}, capture_output=True, text=True)
    (wheel,) = out.glob("*.whl")
    return zipfile.ZipFile(wheel)


@pytest.mark.skipif(not _compiler_found(), reason="no C compiler or Python headers on this machine")
def test_the_wheel_carries_the_compiled_stream_and_names_its_platform(tmp_path):
    wheel = _build_wheel(tmp_path)
    names = wheel.namelist()
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    assert f"game/sim/_splitmix{suffix}" in names
    assert "game/sim/splitmix.py" in names and "game/sim/_splitmix.c" in names
    tag = Path(wheel.filename).stem.split("-")[-1]
    assert tag != "any", wheel.filename  # a compiled module: not a wheel for every platform


@pytest.mark.parametrize("env", [{"MULTIVECTOR_PURE_PYTHON": "1"}, {"CC": "/nonexistent/cc"}, {"CC": "false"}],
                         ids=["asked", "no-compiler", "compile-fails"])
def test_without_the_compiled_stream_the_wheel_is_pure_python(tmp_path, env):
    # Asked for, or no compiler, or a compiler that fails: the build goes on without it.
    wheel = _build_wheel(tmp_path, **env)
    assert not [name for name in wheel.namelist() if "_splitmix." in name and not name.endswith((".c", ".pyi"))]
    assert Path(wheel.filename).name.endswith("-py3-none-any.whl"), wheel.filename
