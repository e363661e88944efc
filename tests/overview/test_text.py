from overview import text


def test_german_words_are_stemmed_and_stop_words_dropped():
    assert text.terms("Die Radwege in der Innenstadt sind zu schmal") == ["radweg", "innenstadt", "schmal"]
    assert text.stem("bäume") == text.stem("baum")


def test_hostile_input_gives_fewer_words_never_an_error():
    assert text.terms("") == []
    assert text.terms("🚲🚲🌳") == []
    assert text.terms("12345 678 90") == []
    assert text.clean("Rad\x00weg\x07 \u202e") == "Rad weg"
    huge = "Radweg " * 50_000
    assert len(text.clean(huge)) == text.MAX_CHARS
    assert not text.is_analysable("Radweg")
    assert text.is_analysable("Mehr Bäume am Stiftsplatz pflanzen")
