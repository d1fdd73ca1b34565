"""Translations cannot go stale: every English text has a current translation in every language,
code, formulas and numbers survive it, and a translated notebook is the English one's code.

The catalogues are seqkit/locale/<lang>/{grading.po, notebooks/<name>.po, mistakes/<name>.po}
(seqkit/translations.py); one test per file, so a failure names the file to fix.
"""
import ast

import nbformat
import pytest

from seqkit import i18n, notebook_text, paths, translations

LANGS = [lang for lang in i18n.languages() if lang != i18n.SOURCE]
FILES = ["grading.po"] + [f"{kind}/{name}.po" for kind in ("notebooks", "mistakes")
                          for name in paths.NAMES]


@pytest.fixture(scope="module")
def templates():
    return translations.templates()


@pytest.mark.parametrize("rel", FILES)
@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_is_up_to_date_with_the_english(lang, rel, templates):
    """What `seqkit translations update` would write is what is committed."""
    path = i18n.LOCALE / lang / rel
    assert path.exists(), f"{path} is missing: run `seqkit translations update --lang {lang}`"
    merged = translations.merged(templates[rel], translations.read(path, lang), lang)
    assert translations.render(merged) == path.read_bytes(), (
        f"{path} is behind the English: run `seqkit translations update --lang {lang}` "
        "(changed texts become fuzzy, new ones empty) and translate them")


@pytest.mark.parametrize("rel", FILES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_english_text_has_a_current_translation(lang, rel, templates):
    """No entry missing, empty or fuzzy, and none whose code, formulas or numbers changed."""
    found = translations.problems(lang, rel, templates[rel])
    assert not found, f"{i18n.LOCALE / lang / rel}: {len(found)} entries to fix, e.g.\n" + \
        "\n".join(f"  {english[:70]!r}: {why}" for english, why in found[:5])


def test_changed_english_marks_its_translation_fuzzy_and_fails(tmp_path, monkeypatch):
    """The staleness mechanism itself, on a catalogue of one entry."""
    monkeypatch.setattr(i18n, "LOCALE", tmp_path)
    first = translations._catalog()
    first.add("Write `rnn_step(x_t, h_prev)`, one step of the recurrence $h_t$.")
    catalog = translations.merged(first, None, "uk")
    catalog.get("Write `rnn_step(x_t, h_prev)`, one step of the recurrence $h_t$.").string = (
        "Напишіть `rnn_step(x_t, h_prev)`, один крок рекурентного відношення $h_t$.")
    (tmp_path / "uk").mkdir()
    (tmp_path / "uk" / "x.po").write_bytes(translations.render(catalog))
    assert translations.problems("uk", "x.po", first) == []

    changed = translations._catalog()
    changed.add("Write `rnn_step(x_t, h_prev)`, one step of the recurrence $h_t$ (in NumPy).")
    updated = translations.merged(changed, translations.read(tmp_path / "uk" / "x.po", "uk"), "uk")
    (tmp_path / "uk" / "x.po").write_bytes(translations.render(updated))
    (entry,) = [m for m in updated if m.id]
    assert entry.fuzzy and entry.string.startswith("Напишіть")  # kept, but marked out of date
    assert [why.split(":")[0] for _, why in translations.problems("uk", "x.po", changed)] == \
        ["fuzzy"]
    assert i18n.read_catalogue(tmp_path / "uk" / "x.po") == {}  # a fuzzy entry is never used


@pytest.mark.quick
def test_a_translation_that_changes_code_or_numbers_is_caught():
    english = "use `h_prev @ W_hh`, not W_hh @ h_prev: $h_t$ has shape {shape}, 2 axes"
    good = "пишіть `h_prev @ W_hh`, а не W_hh @ h_prev: $h_t$ має форму {shape}, 2 осі"
    assert translations.protected(english) == translations.protected(good)
    for bad in (good.replace("`h_prev @ W_hh`", "`h_попер @ W_hh`"),
                good.replace("$h_t$", "$h_{t}$"), good.replace("{shape}", "{форма}"),
                good.replace("2 осі", "дві осі"), good.replace("W_hh @ h_prev", "W_hh @ h")):
        assert translations.protected(english) != translations.protected(bad), bad


def test_a_third_language_needs_no_code_change(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "LOCALE", tmp_path)
    assert i18n.languages() == ("en",)
    translations.update("de")
    assert i18n.languages() == ("en", "de") and i18n.check_language("de") == "de"
    written = sorted(str(p.relative_to(tmp_path / "de")) for p in (tmp_path / "de").rglob("*.po"))
    assert written == sorted(FILES)
    assert translations.problems("de", "grading.po")[0][1] == "not translated"
    with pytest.raises(ValueError, match="unknown language"):
        i18n.check_language("xx")


def test_f_string_messages_are_rebuilt_with_their_fields():
    code = ('def test(h):\n'
            '    assert h.shape == (2, 3), (\n'
            '        f"the state must have shape {(2, 3)}, "\n'
            '        f"got {h.shape}")\n'
            '    print("This demo uses your rnn_step: answer it first.", \'x\')\n')
    found = [text for _, text in notebook_text.literals(code)]
    assert found == ["the state must have shape {(2, 3)}, got {h.shape}",
                     "This demo uses your rnn_step: answer it first."]
    table = {found[0]: "стан має мати форму {(2, 3)}, а отримано {h.shape}",
             found[1]: "Ця демонстрація використовує вашу rnn_step."}
    out = notebook_text.localise_code(code, lambda t: table.get(t, t))
    namespace = {}
    exec(compile(out, "cell", "exec"), namespace)

    class H:
        shape = (4, 5)
    with pytest.raises(AssertionError, match=r"^стан має мати форму \(2, 3\), а отримано \(4, 5\)$"):
        namespace["test"](H())
    with pytest.raises(ValueError, match="placeholder"):
        notebook_text.localise_code(code, lambda t: "форма {форма}" if t == found[0] else t)
    assert notebook_text.localise_code(code, lambda t: t) == code


def _code_shape(source):
    """A code cell's syntax tree with every string emptied: what a translation may not change."""
    class Blank(ast.NodeTransformer):
        def visit_JoinedStr(self, node):
            return ast.Constant("")

        def visit_Constant(self, node):
            return ast.Constant("") if isinstance(node.value, str) else node
    return ast.dump(Blank().visit(ast.parse(source)))


@pytest.mark.parametrize("name", paths.NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_translated_notebook_has_the_english_code_and_tests(lang, name):
    english = nbformat.read(paths.ASSIGNMENTS / name / f"{name}.ipynb", as_version=4)
    translated = nbformat.read(paths.ASSIGNMENTS / name / f"{name}.{lang}.ipynb", as_version=4)
    assert [c.cell_type for c in translated.cells] == [c.cell_type for c in english.cells]
    assert translated.metadata.otter.assignment_name == name  # graded as the same assignment
    for en, tr in zip(english.cells, translated.cells):
        assert tr.metadata == en.metadata
        if en.cell_type == "code":
            assert _code_shape(tr.source) == _code_shape(en.source), en.source[:200]
    en_tests, tr_tests = english.metadata.otter.tests, translated.metadata.otter.tests
    assert sorted(tr_tests) == sorted(en_tests)
    for question, source in en_tests.items():
        assert _code_shape(tr_tests[question]) == _code_shape(source), question


@pytest.mark.parametrize("lang", LANGS)
def test_example_class_graded_in_another_language(lang, tmp_path):
    """Same gradebook as in English, the feedback, mistakes.csv and report in `lang`; and the
    translated notebook, answered or untouched, graded exactly like its English twin."""
    import csv
    import re
    import shutil

    from seqkit_grade import grade, gradebook
    from shared import EXAMPLE_TIMEOUT
    from test_student_notebook import answered

    name = "rnn"
    inputs = tmp_path / "class"
    shutil.copytree(paths.EXAMPLES / name, inputs)
    (inputs / f"01-perfect.{lang}.ipynb").write_bytes(answered(name, lang))
    shutil.copy(paths.ASSIGNMENTS / name / f"{name}.{lang}.ipynb", inputs / f"03-untouched.{lang}.ipynb")
    options = ("--timeout", EXAMPLE_TIMEOUT, "--workers", "2")  # the hanging cell: 3 s
    grade(name, inputs, tmp_path / "en", *options)
    grade(name, inputs, tmp_path / lang, *options, "--lang", lang)

    english, translated = gradebook(tmp_path / "en"), gradebook(tmp_path / lang)
    assert translated == english
    for twin in ("01-perfect", "03-untouched"):
        ours = dict(english[f"{twin}.{lang}"], submission=twin)
        assert ours == english[twin], twin

    i18n.use(lang)
    try:
        heading = i18n._("{assignment}: feedback for {submission}")
        likely = i18n._("Likely mistake: {description}").partition("{")[0]
        with open(tmp_path / "en" / "mistakes.csv", newline="") as fh:
            en_mistakes = list(csv.DictReader(fh))
        with open(tmp_path / lang / "mistakes.csv", newline="") as fh:
            tr_mistakes = list(csv.DictReader(fh))
        assert en_mistakes, "the example class should show recognised mistakes"
        assert [(r["submission"], r["question"], r["mistake"]) for r in tr_mistakes] == \
            [(r["submission"], r["question"], r["mistake"]) for r in en_mistakes]
        for en, tr in zip(en_mistakes, tr_mistakes):
            if en["mistake"] == "carried-forward":  # one line made from grading.po's text
                code = re.compile(r"`[^`]+`")
                assert tr["description"] != en["description"], "carried-forward: not translated"
                assert code.findall(tr["description"]) == code.findall(en["description"])
                continue
            assert tr["description"] == i18n._(en["description"]) != en["description"], (
                f"{en['mistake']}: not translated in mistakes/{name}.po")
            feedback = (tmp_path / lang / "feedback" / f"{tr['submission']}.md").read_text()
            assert f"{likely}{tr['description']}" in feedback
        for path in (tmp_path / lang / "feedback").iterdir():
            text = path.read_text()
            assert text.startswith("# " + heading.format(assignment=name, submission=path.stem))
            for english_words in ("feedback for", "Score:", "Likely mistake:", "Every hidden test",
                                  "gave a wrong answer", "Cells that failed"):
                assert english_words not in text, (path.name, english_words)
        report = (tmp_path / lang / "report.html").read_text()
        assert f'<html lang="{lang}">' in report and i18n._("What to re-teach") in report
        assert "What to re-teach" not in report and "class report" not in report
    finally:
        i18n.use(i18n.SOURCE)
