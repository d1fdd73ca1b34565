"""The language of what students and instructors read.

English is the source: every message is written in English in the code and in
solutions/*.ipynb.  A translation lives in gettext catalogues under
seqkit/locale/<lang>/ (one .po file per source, see seqkit/translations.py),
read with Babel when a language is chosen; no compile step.  A language is a
folder there: adding one needs no change to the code.

The grading side calls `_()` on what a student or instructor reads; `use(lang)`
picks the language for this process (and the workers it forks).  Entries that
are missing, empty or fuzzy (out of date) fall back to English.
"""
from seqkit import paths

LOCALE = paths.PACKAGE / "locale"
SOURCE = "en"

_current = {}  # English message -> translation, for the language in use
_language = SOURCE


def languages():
    """("en", then every language with a folder under seqkit/locale/)."""
    found = sorted(p.name for p in LOCALE.iterdir()
                   if p.is_dir() and not p.name.startswith(("_", "."))) if LOCALE.is_dir() else []
    return (SOURCE, *found)


def check_language(lang):
    """The language, or ValueError listing the known ones."""
    if lang not in languages():
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(languages())} "
                         f"(a language is a folder under {LOCALE})")
    return lang


def read_catalogue(path):
    """{English: translation} of one .po file, without empty and fuzzy entries."""
    from babel.messages.pofile import read_po
    with open(path, "rb") as fh:
        catalog = read_po(fh)
    return {m.id: m.string for m in catalog
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def grading_files(lang):
    """The catalogues the grading side reads: grading.po and the mistakes' descriptions."""
    if lang == SOURCE:
        return []
    folder = LOCALE / lang
    return sorted(folder.glob("grading.po")) + sorted((folder / "mistakes").glob("*.po"))


def use(lang):
    """Speak `lang` in this process from now on (SOURCE: English, the default)."""
    global _current, _language
    check_language(lang)
    _language = lang
    table = {}
    for path in grading_files(lang):
        for english, translated in read_catalogue(path).items():
            table.setdefault(english, translated)
    _current = table


def language():
    """The language in use."""
    return _language


def gettext(message):
    """message in the language in use (itself when untranslated)."""
    return _current.get(message, message)


_ = gettext
