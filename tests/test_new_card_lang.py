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
