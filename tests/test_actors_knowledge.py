"""What the actor layer knows before reading: the dictionary and pycountry's countries."""
from __future__ import annotations

from toolkit.actors.knowledge import knowledge


def test_demonyms_from_pycountry():
    know = knowledge()
    assert know.demonym("Chinese").actor == "China"
    assert know.demonym("Cambodian").actor == "Cambodia"
    assert know.demonym("Russian").actor == "Russia"
    assert know.demonym("British").actor == "United Kingdom"
    assert know.demonym("Martian") is None
