"""The translation catalogues: what is extracted from where, and keeping them up to date.

One .po file per source, so translators can work on several at once without
touching each other's files (seqkit/locale/<lang>/):

- notebooks/<assignment>.po: solutions/<assignment>.ipynb's markdown cells,
  self-check messages and printed lines (seqkit/notebook_text.py), and the
  markdown Otter adds to the student notebook;
- mistakes/<assignment>.po: the `Likely mistake:` descriptions of
  seqkit/mistakes/<assignment>.py;
- grading.po: every `_("...")` of the grading side (hidden tests'
  explanations, feedback, report.html).

`update(lang)` re-extracts the English and merges it into the language's
files with Babel (Catalog.update): a new English text gets an empty entry, a
changed one keeps its old translation marked fuzzy (out of date, not used),
a removed one is dropped.  Every assignment in seqkit.paths.NAMES is picked up.
"""
import datetime
from collections import Counter
import io
import json
import re

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from seqkit import i18n, notebook_text, paths

PROJECT = "seqkit"
# fixed header dates: a catalogue changes only when its messages do (no merge conflicts)
EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
# the grading side: every module whose `_()` a student or instructor reads
GRADING_SOURCES = ("hidden/*.py", "grading/*.py", "sandbox/*.py", "mistakes/*.py",
                   "i18n.py")


def _rel(path):
    return str(path.relative_to(paths.ROOT))


def notebook_template(name):
    catalog = _catalog()
    master = paths.SOLUTIONS / f"{name}.ipynb"
    nb = json.loads(master.read_text())
    for text, cell, kind in notebook_text.messages(nb):
        _add(catalog, text, (_rel(master), cell), kind)
    built = paths.ASSIGNMENTS / name / f"{name}.ipynb"  # Otter's own cells (## Submission)
    if built.exists():
        for cell_index, cell in enumerate(json.loads(built.read_text())["cells"]):
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] == "markdown" and src.strip() and src not in catalog:
                _add(catalog, src, (_rel(built), cell_index), "markdown cell added by Otter")
    return catalog


def mistakes_template(name):
    from seqkit.mistakes import catalogues
    catalog = _catalog()
    # mistakes/<name>.py, and the modules split off it (mistakes/<name>_*.py)
    texts = {p: p.read_text() for p in sorted((paths.PACKAGE / "mistakes").glob(f"{name}*.py"))}
    for question, catalogue in catalogues(name).items():
        # the module that builds the question's catalogue names it
        source = next((p for p, t in texts.items() if f'"{question}"' in t),
                      paths.PACKAGE / "mistakes" / f"{name}.py")
        text = texts.get(source, "")
        for m in catalogue.mistakes:
            line = text[:text.find(m.id)].count("\n") + 1 if m.id in text else 0
            _add(catalog, m.description, (_rel(source), line), f"{question}: {m.id}")
    return catalog


def grading_template():
    catalog = _catalog()
    files = sorted({p for pattern in GRADING_SOURCES for p in paths.PACKAGE.glob(pattern)})
    for path in files:
        for lineno, message, comments, _context in extract_from_file(
                "python", str(path), keywords={"_": None}, comment_tags=("TRANSLATORS:",)):
            _add(catalog, message, (_rel(path), lineno), " ".join(comments))
    return catalog


def _catalog(**kwargs):
    return Catalog(project=PROJECT, creation_date=EPOCH, revision_date=EPOCH, fuzzy=False,
                   **kwargs)


def _add(catalog, text, location, comment):
    old = catalog.get(text)
    if old is not None:
        old.locations.append(location)
        if comment and comment not in old.auto_comments:
            old.auto_comments.append(comment)
        return
    catalog.add(text, locations=[location], auto_comments=[comment] if comment else [],
                flags=["python-brace-format"] if "{" in text and "}" in text else [])


def templates():
    """{path under seqkit/locale/<lang>/: the English Catalog}, one per source."""
    out = {"grading.po": grading_template()}
    for name in paths.NAMES:
        out[f"notebooks/{name}.po"] = notebook_template(name)
        out[f"mistakes/{name}.po"] = mistakes_template(name)
    return out


def read(path, lang):
    with open(path, "rb") as fh:
        return read_po(fh, locale=lang)


def merged(template, existing, lang):
    """The language's catalogue brought up to date with the English template."""
    catalog = existing if existing is not None else _catalog(locale=lang)
    catalog.update(template, no_fuzzy_matching=False, update_header_comment=False,
                   update_creation_date=False)
    catalog.obsolete.clear()  # a removed text's translation is not kept
    return catalog


def render(catalog):
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, include_previous=True)
    return buf.getvalue()


def update(lang):
    """Write every catalogue of `lang` (a new language gets a new folder); -> {path: summary}."""
    if lang == i18n.SOURCE:
        raise ValueError("English is the source; its texts live in the code and the notebooks")
    if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", lang):
        raise ValueError(f"{lang!r}: a language is an ISO 639 code such as uk, de or pt_BR")
    folder = i18n.LOCALE / lang
    out = {}
    for rel, template in templates().items():
        path = folder / rel
        existing = read(path, lang) if path.exists() else None
        catalog = merged(template, existing, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = render(catalog)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        out[rel] = status(catalog)
    return out


def counts(lang):
    """{path under seqkit/locale/<lang>/: (translated, fuzzy, untranslated)} of the files there."""
    folder = i18n.LOCALE / lang
    return {str(p.relative_to(folder)): status(read(p, lang)) for p in sorted(folder.rglob("*.po"))}


def status(catalog):
    """(translated, fuzzy, untranslated) counts of one catalogue."""
    msgs = [m for m in catalog if m.id]
    fuzzy = sum(1 for m in msgs if m.fuzzy)
    empty = sum(1 for m in msgs if not m.string)
    return len(msgs) - fuzzy - empty, fuzzy, empty


def notebook_table(lang, name):
    """{English: translation} of one notebook's catalogue (empty for English or a missing file)."""
    path = i18n.LOCALE / lang / "notebooks" / f"{name}.po"
    if lang == i18n.SOURCE or not path.exists():
        return {}
    return i18n.read_catalogue(path)


# What a translation keeps as it is: code blocks and spans, formulas, {fields}; and in the
# prose around them, numbers and identifiers (h_prev, np.tanh, MyRNNCell).
_CODE = re.compile(r"```.*?```|`[^`\n]+`|\$\$.*?\$\$|\$[^$\n]+\$", re.S)
_FIELD = re.compile(r"\{[^{}\s][^{}]*\}")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*(?:\.\w+)+|\b[A-Za-z]*_\w*|\b[a-z]+[A-Z]\w*|\b[A-Z][a-z]+[A-Z]\w*")


def protected(text):
    """The sorted pieces of `text` that its translation must hold unchanged."""
    kept = _CODE.findall(text)
    rest = _CODE.sub(" ", text)
    kept += _FIELD.findall(rest)
    rest = _FIELD.sub(" ", rest)
    names = [n for n in _IDENTIFIER.findall(rest)
             if not re.fullmatch(r"\w(\.\w)+", n)]  # e.g, i.e: abbreviations, not names
    kept += names + _NUMBER.findall(_IDENTIFIER.sub(" ", rest))
    return sorted(kept)


def problems(lang, rel, template=None):
    """[(English, what is wrong)] of one catalogue of `lang` against the English of today:
    missing, untranslated, fuzzy (the English changed since), or a changed formula/code/number."""
    path = i18n.LOCALE / lang / rel
    template = template if template is not None else templates()[rel]
    catalog = read(path, lang) if path.exists() else _catalog(locale=lang)
    out = []
    for english in (m for m in template if m.id):
        m = catalog.get(english.id)
        if m is None:
            out.append((english.id, "not in the catalogue: run `seqkit translations update`"))
        elif not m.string:
            out.append((english.id, "not translated"))
        elif m.fuzzy:
            out.append((english.id, "fuzzy: the English changed; check the translation, then "
                                    "remove the fuzzy mark"))
        elif protected(m.id) != protected(m.string):
            english_kept, kept = Counter(protected(m.id)), Counter(protected(m.string))
            out.append((english.id, "code, formulas, fields or numbers differ: lost "
                        f"{sorted((english_kept - kept).elements())}, added "
                        f"{sorted((kept - english_kept).elements())}"))
    return out
