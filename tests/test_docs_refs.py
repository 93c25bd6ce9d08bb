"""Every test the documents point a reader to exists: a promise in SECURITY.md, a
layer rule in CONTRIBUTING.md or a balance target in docs/balance.md names the test
that holds it, and a renamed or deleted test must not leave the promise unbacked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([REPO / "README.md", REPO / "CONTRIBUTING.md", REPO / "SECURITY.md",
                    *(REPO / "docs").glob("*.md")])
REFERENCE = re.compile(r"(tests/[\w/]+\.py)(?:::(\w+))?")


def _references() -> list[tuple[str, str, str]]:
    found = []
    for document in DOCUMENTS:
        for match in REFERENCE.finditer(document.read_text(encoding="utf-8")):
            found.append((document.name, match.group(1), match.group(2) or ""))
    return sorted(set(found))


def test_the_documents_name_tests():
    assert len(_references()) >= 10  # the scan finds the references it guards


@pytest.mark.parametrize("document,path,name", _references())
def test_every_test_a_document_names_exists(document, path, name):
    test_file = REPO / path
    assert test_file.is_file(), f"{document} names {path}, which does not exist"
    if name:
        assert re.search(rf"def {name}\b", test_file.read_text(encoding="utf-8")), \
            f"{document} names {path}::{name}, which does not exist"
