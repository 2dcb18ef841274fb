"""The in-memory filter of name keys: never a false "no", few false "yes"."""

from gazetteer.keyfilter import FALSE_POSITIVES, KeyFilter


def test_every_key_may_be_contained_after_a_round_trip():
    keys = [f"place {n}" for n in range(5000)] + ["mosul", "ninawa", "sao paulo"]
    found = KeyFilter.from_bytes(KeyFilter.of(keys).to_bytes())
    assert all(found.may_contain(key) for key in keys)


def test_absent_keys_are_mostly_rejected():
    found = KeyFilter.of(f"place {n}" for n in range(5000))
    absent = [f"elsewhere {n}" for n in range(5000)]
    share = sum(found.may_contain(key) for key in absent) / len(absent)
    assert share < 3 * FALSE_POSITIVES


def test_an_empty_filter_contains_nothing():
    assert not KeyFilter.of([]).may_contain("mosul")


def test_the_index_filter_lets_known_names_through(gazetteer):
    assert gazetteer.is_name("Mosul")
    assert not gazetteer.is_name("Qwertyxville")
    assert gazetteer.candidates("Qwertyxville") == []
