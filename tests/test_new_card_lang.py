"""``new-card`` speaks the language asked for, like ``new-mod`` (its messages were English
whatever --lang said)."""

from __future__ import annotations

from game.cli import main


def test_new_card_refuses_a_bad_id_in_russian(capsys):
    assert main(["--lang", "ru", "new-card", "Bad Id", "--no-mods"]) == 2
    err = capsys.readouterr().err
    assert "не может быть id карточки" in err and "'bad_id'" in err
    assert "cannot be a card id" not in err


def test_new_card_names_an_existing_card_in_kazakh(capsys):
    assert main(["--lang", "kk", "new-card", "russia.language_patrols", "--no-mods"]) == 1
    err = capsys.readouterr().err
    assert "бұрыннан бар" in err and "already" not in err


def test_a_link_planted_where_the_new_card_goes_is_refused_and_not_followed(tmp_path, capsys):
    # The template is written through game.base.files, as every other file: a link in
    # the mod's folder (dangling, so "does it exist?" says no) must not carry the write
    # somewhere else. (new-mod writes only into an empty folder.)
    folder = tmp_path / "desk"
    elsewhere = tmp_path / "elsewhere.yaml"
    (folder / "cards").mkdir(parents=True)
    (folder / "cards" / "desk_border_talks.yaml").symlink_to(elsewhere)
    code = main(["new-card", "desk.border_talks", "--into", str(folder)])
    err = capsys.readouterr().err
    assert code == 1 and not elsewhere.exists(), err
    assert "desk_border_talks.yaml exists already" in err and "Traceback" not in err
