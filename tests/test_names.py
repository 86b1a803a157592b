import pytest

from helpers.names import AmbiguousName, NameResolver, UnknownName, resolve, skeleton


@pytest.mark.parametrize(
    "a,b",
    [
        ("Sevinj Vagifgizi", "Sevinc Vaqifqızı"),
        ("Rüfət Səfərov", "rufat safarov"),
        ("Khadija Ismayilova", "Xədicə İsmayılova"),
        ("Shahnaz Beylargizi", "ŞAHNAZ BƏYLƏRQIZI"),
        ("Mahammad Kekalov", "Məhəmməd Kekalov"),
    ],
)
def test_skeleton_folds_spellings(a, b):
    assert skeleton(a) == skeleton(b)


def test_skeleton_keeps_different_names_apart():
    assert skeleton("Ali Karimli") != skeleton("Ali Kerimov")
    assert skeleton("Elchin Mammad") != skeleton("Elchin Mammadov")


def test_resolve_aliases_case_and_diacritics(tiny):
    r = NameResolver(tiny.people)
    assert r.resolve("ANA ƏLİYEVA") == "ana-aliyeva"
    assert r.resolve("ana aliyewa") == "ana-aliyeva"
    assert r.resolve("Bakhtiar Samedov") == "bakhtiyar-samadov"
    assert r.resolve("bakhtiyar-samadov") == "bakhtiyar-samadov"
    assert resolve("Bəxtiyar Səmədov", tiny.people) == "bakhtiyar-samadov"


def test_unknown_name_names_closest(tiny):
    with pytest.raises(UnknownName) as info:
        NameResolver(tiny.people).resolve("Ana Alieva-Kuliyeva")
    assert "closest: ana-aliyeva (Ana Aliyeva)" in str(info.value)


def test_ambiguous_name(tiny):
    people = tiny.people.copy()
    people.loc[people.index[1], "aliases"] = "Ana Aliyeva"
    with pytest.raises(AmbiguousName):
        NameResolver(people).resolve("Ana Aliyeva")


def test_every_real_alias_resolves_to_its_person():
    from helpers.data import load, split_list

    ds = load()
    r = NameResolver(ds.people)
    for _, p in ds.people.iterrows():
        for name in [p["name"], *split_list(p["aliases"])] + ([p["name_az"]] if isinstance(p["name_az"], str) else []):
            assert r.resolve(name) == p["person_id"], name  # AmbiguousName fails it: no two people share a spelling
