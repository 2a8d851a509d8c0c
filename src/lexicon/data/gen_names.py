"""Personal names: US Census 1990 name lists (PyPI `names`) and Faker's person providers."""

import importlib
import pkgutil
import re
import sys
import tarfile
import unicodedata

# Census surnames rarer than this rank are left out (the long tail is mostly spelling
# variants); a rarer surname still counts as a name when WordNet does not know the word.
SURNAME_RANKS = 30000


def fold(text):
    """ASCII lowercase without accents: "Hernández" -> "hernandez"."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def key(text):
    """The lexicon key of a name: words joined by `_` ("mary_ann", "o_brien")."""
    return "_".join(re.findall(r"[a-z0-9]+", fold(text)))


def census(sdist_path):
    given, surnames = set(), set()
    with tarfile.open(sdist_path) as tar:
        for member in tar.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if not name.startswith("dist."):
                continue
            text = tar.extractfile(member).read().decode("ascii")
            for line in text.splitlines():
                fields = line.split()
                if len(fields) != 4:
                    continue
                if name == "dist.all.last":
                    if int(fields[3]) <= SURNAME_RANKS:
                        surnames.add(key(fields[0]))
                else:
                    given.add(key(fields[0]))
    return given, surnames


def faker(wheel_path):
    """First and last names of every Faker locale written in Latin letters."""
    sys.path.insert(0, wheel_path)
    try:
        providers = importlib.import_module("faker.providers.person")
        given, surnames = set(), set()
        for module in sorted(m.name for m in pkgutil.iter_modules(providers.__path__)):
            provider = importlib.import_module("faker.providers.person." + module).Provider
            for attr in sorted(dir(provider)):
                if "pairs" in attr or "kana" in attr:
                    continue
                if attr.startswith(("first_name", "first_romanized")):
                    target = given
                elif attr.startswith(("last_name", "last_romanized")):
                    target = surnames
                else:
                    continue
                values = getattr(provider, attr)
                if not isinstance(values, (tuple, list, dict)):
                    continue
                for value in values:
                    if isinstance(value, str) and re.fullmatch(r"[a-z]+(?:[-' ][a-z]+)*", fold(value)):
                        target.add(key(value))
        return given, surnames
    finally:
        sys.path.remove(wheel_path)
