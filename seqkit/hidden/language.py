"""Hidden tests for the language assignment.

Text (build_vocab, encode, decode, one_hot), sampling (sample_next) and a trained
character model (fit_char_model) are graded here; the gradients' questions, with
their oracles, live in seqkit.hidden.language_gradients.
"""
import numpy as np
from hypothesis import example, strategies as st

from seqkit import language as ref
from seqkit.hidden.framework import KeptAnswers, Mismatch, expect_close, question, show
from seqkit.hidden.language_gradients import (embedding_backward, embedding_forward,
                                              numerical_gradient, rnn_backward,
                                              rnn_step_backward, temporal_softmax_loss)
from seqkit.i18n import _
from seqkit.sandbox.ops import StudentError
from seqkit.sandbox.replies import InputChanged
from seqkit.strategies import dims, distinct_arrays, dtypes, from_seed

# Characters the texts are drawn from: Ukrainian and Latin letters (upper and lower
# case), digits, punctuation, white space and one character outside the BMP (a G clef,
# for the lecture's sheet music), so that bytes and UTF-16 units show.
ALPHABET = list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐЄІЇЯ'ʼabcxyzXYZ019 .,!?\n-") + ["𝄞"]
# Characters that no test text holds, for unknown characters in encode; none of them is
# likely inside an error message's own words.
UNKNOWN = ["€", "§", "☃", "♪", "𝄢", "ß"]


def texts(min_size=0, max_size=24):
    return st.lists(st.sampled_from(ALPHABET), min_size=min_size, max_size=max_size).map("".join)


def _error(student, name, args):
    """Call name(*args) expecting an exception -> (class names, message) or None."""
    try:
        student.call(name, *args)
    except InputChanged:
        raise
    except StudentError as exc:
        message = str(exc)
        names = student.request({"op": "raises", "name": name, "args": args})
        return (names or [message.split(":")[0]]), message
    return None


def expect_value_error(student, name, args, what, must_name, mistake):
    """Mismatch unless name(*args) raises a ValueError whose message names each of must_name."""
    raised = _error(student, name, args)
    if raised is None or "ValueError" not in raised[0]:
        how = _("returned normally") if raised is None else _("raised {error}").format(
            error=raised[0][0])
        raise Mismatch(_("{what} should raise ValueError; it {how}").format(what=what, how=how),
                       _("no ValueError"), mistake)
    missing = [m for m in must_name if m not in raised[1]]
    if missing:
        raise Mismatch(_("{what} raised {message}, which does not name {names}").format(
            what=what, message=repr(raised[1]), names=", ".join(map(repr, missing))),
            _("error does not name it"), "error-names-too-little")


# ------------------------------------------------------------------ build_vocab

def recognise_vocab(text, got):
    """'vocab-set-order' for the right characters in an order that no rule of the text
    gives (first appearance and frequency are the catalogue's: they are functions of it)."""
    expected = ref.build_vocab(text)
    if not isinstance(got, (list, tuple)) or sorted(map(str, got)) != expected:
        return None
    order = list(got)
    first = list(dict.fromkeys(text))
    by_count = sorted(first, key=lambda c: -text.count(c))
    return None if order in (first, by_count) else "vocab-set-order"


def in_another_order(text, got):
    return isinstance(got, (list, tuple)) and sorted(map(str, got)) == ref.build_vocab(text)


@question("build_vocab",
          text=texts(0, 30))
@example(text="мама мила раму, а тато — 𝄞 ноти!\nABC")
@example(text="")
@example(text="bca")
def build_vocab(student, text):
    what = f"build_vocab({text!r})"
    if not text:
        return expect_value_error(student, "build_vocab", (text,), what, [], "no-value-error")
    got = student.call("build_vocab", text)
    expected = ref.build_vocab(text)
    if isinstance(got, (list, tuple)) and list(got) == expected:
        return
    mistake = recognise_vocab(text, got)
    if in_another_order(text, got):
        raise Mismatch(_("{what} returned the right characters in another order: {got}; "
                         "the vocabulary is in increasing code-point order, {expected} "
                         "(sorted(set(text))), so that the same text always gives the same "
                         "indices").format(what=what, got=repr(list(got)),
                                           expected=repr(expected)),
                       _("wrong order"), mistake)
    raise Mismatch(_("{what} should return the list {expected}, got {got}").format(
        what=what, expected=repr(expected), got=f"{got!r:.300}"), _("wrong vocabulary"))


# ------------------------------------------------------------------ encode, decode

@st.composite
def encode_cases(draw):
    text = draw(texts(0, 24))
    extra = draw(st.lists(st.sampled_from(ALPHABET), max_size=4))
    vocab = draw(st.permutations(sorted(set(text) | set(extra)) or ["a"]))
    unknown = draw(st.lists(st.sampled_from(UNKNOWN), max_size=3))
    for u in unknown:  # each at a drawn place, some twice
        k = draw(st.integers(0, len(text)))
        text = text[:k] + u + text[k:]
    return text, list(vocab)


@question("encode",
          case=encode_cases())
@example(case=("кіт і пес", sorted(set("кіт і пес"))))
@example(case=("baca", ["c", "b", "a"]))
@example(case=("a€b§c€", ["a", "b", "c"]))
def encode(student, case):
    text, vocab = case
    what = f"encode({text!r}, vocab={vocab!r})"
    unknown = list(dict.fromkeys(c for c in text if c not in vocab))
    if unknown:
        return expect_value_error(student, "encode", case, what, unknown, "unknown-not-raised")
    got = student.call("encode", text, vocab)
    expect_close(got, ref.encode(text, vocab), what, {})


@st.composite
def decode_cases(draw):
    vocab = sorted(set(draw(texts(1, 12))))
    n = draw(dims(0, 12))
    dtype = draw(st.sampled_from([np.int64, np.int32, np.int16]))
    ids = np.asarray(draw(st.lists(st.integers(0, len(vocab) - 1), min_size=n, max_size=n)),
                     dtype=dtype)
    if n and draw(st.booleans()):
        ids = ids.copy()
        ids[draw(st.integers(0, n - 1))] = draw(st.sampled_from([-1, -2, len(vocab),
                                                                 len(vocab) + 3]))
    return ids, vocab


@question("decode",
          case=decode_cases())
@example(case=(np.array([2, 0, 1, 0], np.int64), ["a", "ж", "𝄞"]))
@example(case=(np.array([0, -1], np.int64), ["a", "b", "c"]))
@example(case=(np.array([1, 3], np.int32), ["a", "b", "c"]))
def decode(student, case):
    ids, vocab = case
    what = f"decode(ids={ids.tolist()} ({ids.dtype}), vocab={vocab!r})"
    bad = [int(i) for i in ids if not 0 <= i < len(vocab)]
    if bad:
        return expect_value_error(student, "decode", case, what, [str(bad[0])],
                                  "no-range-check")
    got = student.call("decode", ids, vocab)
    expected = ref.decode(ids, vocab)
    if not isinstance(got, str) or got != expected:
        raise Mismatch(_("{what} should return the str {expected}, got {got}").format(
            what=what, expected=repr(expected), got=f"{got!r:.300}"), _("wrong text"))


# ------------------------------------------------------------------ one_hot

@st.composite
def one_hot_cases(draw):
    V = draw(dims(1, 7))
    shape = tuple(draw(st.lists(dims(1, 4), max_size=3)))
    dtype = draw(st.sampled_from([np.int64, np.int32, np.uint8]))
    ids = np.random.default_rng(draw(st.integers(0, 2**31 - 1))).integers(0, V, shape)
    ids = np.asarray(ids, dtype=dtype)
    if ids.size and draw(st.integers(0, 4)) == 0:
        ids = ids.astype(np.int64)
        ids.flat[draw(st.integers(0, ids.size - 1))] = draw(st.sampled_from([-1, V]))
    return ids, V


@question("one_hot",
          case=one_hot_cases())
@example(case=(np.array([[2, 0, 1], [0, 0, 3]], np.int64), 5))
@example(case=(np.array([1, 0, 2]), 3))
@example(case=(np.array([0, -1, 1]), 3))
@example(case=(np.array([[0, 4]]), 4))
def one_hot(student, case):
    ids, V = case
    what = f"one_hot(ids={ids.tolist()} ({ids.dtype}), vocab_size={V})"
    if np.any((ids < 0) | (ids >= V)):
        return expect_value_error(student, "one_hot", case, what, [], "no-range-check")
    expect_close(student.call("one_hot", ids, V), ref.one_hot(ids, V), what, {"ids": ids})


# ------------------------------------------------------------------ sample_next

CDF_TOLERANCE = 1e-6  # u this close to a cdf boundary accepts either neighbour (round-off)


def expected_draws(seed, batch, temperature):
    """(u, after): the uniforms of one rng.random(batch) call and the draw that follows."""
    rng = np.random.default_rng(seed)
    u = rng.random(batch) if temperature > 0 else np.zeros(batch)
    return u, rng.random()


def cdf_of(logits, temperature):
    z = np.asarray(logits, dtype=np.float64) / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    cdf = np.cumsum(p / p.sum(axis=-1, keepdims=True), axis=-1)
    return cdf / cdf[:, -1:]


def acceptable(k, u, cdf):
    """Is index k a right draw for uniform u and a row's cdf (within CDF_TOLERANCE)?"""
    if not 0 <= k < len(cdf):
        return False
    lo = cdf[k - 1] if k > 0 else 0.0
    return lo - CDF_TOLERANCE <= u < cdf[k] + CDF_TOLERANCE


def ask_samples(student, logits, temperature, seed, raises=False):
    return student.request({"op": "sample", "what": "sample_next",
                            "args": (logits, temperature), "seed": seed, "raises": raises})


@st.composite
def sample_cases(draw):
    batch, V = draw(dims(1, 6)), draw(dims(1, 8))
    logits = draw(distinct_arrays((batch, V), draw(dtypes()), -3, 3, label="logits"))
    temperature = draw(st.one_of(st.sampled_from([0.0, 0.5, 1.0, 2.0]), st.floats(0.2, 4.0)))
    return logits, temperature, draw(st.integers(0, 2**16))


@question("sample_next",
          case=sample_cases())
@example(case=(from_seed((6, 5), np.float64, -3, 3, seed=81), 1.0, 1))
@example(case=(from_seed((8, 4), np.float64, -3, 3, seed=82), 0.5, 2))
@example(case=(from_seed((8, 4), np.float32, -3, 3, seed=83), 3.0, 3))
@example(case=(from_seed((1, 6), np.float64, -3, 3, seed=84), 1.0, 4))
@example(case=(from_seed((4, 5), np.float64, -3, 3, seed=85), 0.0, 5))
@example(case=(from_seed((3, 5), np.float64, -3, 3, seed=86), -1.0, 6))
def sample_next(student, case):
    logits, temperature, seed = case
    batch, V = logits.shape
    what = (f"sample_next(logits, temperature={temperature!r}, rng=np.random.default_rng({seed}))")
    inputs = {"logits": logits}
    if temperature < 0:
        answer = ask_samples(student, logits, temperature, seed, raises=True)
        if not answer["samples"] or "ValueError" not in answer["samples"]:
            how = _("returned normally") if not answer["samples"] else \
                _("raised {error}").format(error=answer["samples"][0])
            raise Mismatch(_("{what} should raise ValueError; it {how}").format(what=what, how=how),
                           _("no ValueError"), "no-value-error")
        return
    answer = ask_samples(student, logits, temperature, seed)
    got = answer.get("samples") if isinstance(answer, dict) else None
    try:
        got = np.asarray(got)
        ok_type = got.shape == (batch,) and np.all(got == np.round(got))
    except (TypeError, ValueError):
        ok_type = False
    if not ok_type:
        raise Mismatch(_("{what} should return {batch} integer indices, shape ({batch},); got "
                         "{got}").format(what=what, batch=batch, got=f"{got!r:.200}"),
                       _("wrong shape"))
    got = got.astype(np.int64)
    u, after = expected_draws(seed, batch, temperature)
    if temperature > 0 and answer.get("after") == np.random.default_rng(seed).random():
        raise Mismatch(_("{what} never drew from the generator `rng`: sample with the `rng` "
                         "passed in (one rng.random(batch) call), not np.random or a new "
                         "generator, so that the same seed gives the same characters").format(
            what=what), _("rng not used"), "rng-not-used")
    if temperature == 0:
        expected = np.argmax(np.asarray(logits, np.float64), axis=-1)
        if not np.array_equal(got, expected):
            raise Mismatch(_("{what} returned {got}; at temperature 0 it is the argmax of each "
                             "row, {expected}\n  logits = {logits}").format(
                what=what, got=got.tolist(), expected=expected.tolist(), logits=show(logits)),
                _("not the argmax"))
    else:
        cdf = cdf_of(logits, temperature)
        wrong = [b for b in range(batch) if not acceptable(int(got[b]), u[b], cdf[b])]
        if wrong:
            b = wrong[0]
            right = int(np.sum(cdf[b] <= u[b]))
            raise Mismatch(
                _("{what} returned {got}; row {b} should be {right}: with "
                  "p = softmax(logits / temperature) and u = rng.random({batch}) "
                  "(u[{b}] = {u}), it is the number of entries of cumsum(p[{b}]) "
                  "that are <= u[{b}]\n  logits = {logits}\n  cdf[{b}] = {cdf}").format(
                    what=what, got=got.tolist(), b=b, right=right, batch=batch,
                    u=f"{u[b]:.6f}", logits=show(logits), cdf=show(cdf[b])),
                _("wrong samples"))
    if answer.get("after") != after:
        raise Mismatch(_("{what} returned the right characters but left the generator in "
                         "another state than one rng.random(batch) call{note}: the same seed "
                         "would then give other text in the next step").format(
            what=what, note=" " + _("(at temperature 0 nothing is drawn)")
            if temperature == 0 else ""), _("other draws"))


# ------------------------------------------------------------------ fit_char_model
# Text of the grader's choosing: words from a small lexicon over five characters, with a
# space after each, drawn at random.  After a space the next word is a free choice, but
# inside a word its first letters decide the rest, which a bigram (one character back)
# cannot know and any trained recurrent model learns; the best possible model is at about
# 0.36 nats per character, add-one smoothed bigrams at about 1.26.
LEXICON = ("abcd", "acdb", "bdca", "cabd", "dbac", "adcb")
VOCAB = (" ", "a", "b", "c", "d")
TRAIN_CHARS, EVAL_BATCH, EVAL_T, CUT = 3000, 8, 40, 20
MARGIN = 0.8  # the model's cross-entropy must be below 0.8 x the bigram baseline's
_KEPT = KeptAnswers()  # each answer trains a model: hypothesis' last run reads it again


def lexicon_text(seed, n):
    rng = np.random.default_rng(seed)
    words = []
    while sum(map(len, words)) < n:
        words.append(LEXICON[rng.integers(len(LEXICON))] + " ")
    return "".join(words)[:n]


def bigram_probabilities(ids, V):
    """Add-one (Laplace) smoothed bigrams: P[i, j] = (count(i -> j) + 1) / (count(i ->) + V)."""
    counts = np.ones((V, V))
    np.add.at(counts, (ids[:-1], ids[1:]), 1)
    return counts / counts.sum(axis=1, keepdims=True)


def cross_entropy(probs, x):
    """Mean -log p of each next character of x (batch, T), from rows (batch, T, V)."""
    picked = np.take_along_axis(probs[:, :-1], x[:, 1:, None], axis=-1)[..., 0]
    return float(-np.mean(np.log(np.maximum(picked, 1e-12))))


def char_problem(seed):
    vocab = list(VOCAB)
    train = ref.encode(lexicon_text(seed, TRAIN_CHARS), vocab)
    x = ref.encode(lexicon_text(seed + 1, EVAL_BATCH * EVAL_T), vocab).reshape(EVAL_BATCH,
                                                                                EVAL_T)
    # the same rows with another future: no row before CUT may change
    other = ref.encode(lexicon_text(seed + 2, EVAL_BATCH * EVAL_T), vocab).reshape(
        EVAL_BATCH, EVAL_T)
    x_cut = np.concatenate([x[:, :CUT], other[:, CUT:]], axis=1)
    return train, np.concatenate([x, x_cut]).astype(np.int32)


@question("fit_char_model", max_examples=1, shrink=False,
          seed=st.just(11))
def fit_char_model(student, seed):
    """Probabilities on text the grader chose; the grader computes every loss.

    Two fits with the same seed: the margin over the bigram baseline, then the same
    probabilities again.
    """
    train, x = char_problem(seed)
    V, n = len(VOCAB), EVAL_BATCH
    call = _("{fit} with {n} training ids, then model.predict(x) for x of shape {shape}").format(
        fit=f"fit_char_model(ids, vocab_size={V}, seed={seed})", n=len(train), shape=x.shape)
    def probabilities(attempt):
        request = {"op": "char_model", "what": "fit_char_model", "args": (train, V),
                   "kwargs": {"seed": seed}, "x": x}
        got = _KEPT.ask(student, (seed, attempt), lambda: student.request(request, seconds=120))
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            got = None
        if got is None or got.shape != x.shape + (V,):
            raise Mismatch(_("{call}: expected probabilities of shape {expected}, got {got}")
                           .format(call=call, expected=x.shape + (V,),
                                   got=None if got is None else got.shape), _("wrong shape"))
        if not np.all(np.isfinite(got)) or np.any(got < 0) or \
                not np.allclose(got.sum(axis=-1), 1, atol=1e-3):
            raise Mismatch(_("{call}: every row of the prediction must be a probability "
                             "distribution over the next character (>= 0, summing to 1): end "
                             "the model with a softmax").format(call=call),
                           _("not probabilities"), "not-probabilities")
        return got

    first = probabilities(0)
    changed = np.max(np.abs(first[n:, :CUT] - first[:n, :CUT]))
    if changed > 1e-4:
        raise Mismatch(_("{call}: the probabilities at position t changed (by up to "
                         "{changed}) when only the characters after t changed: row [b, t] "
                         "may depend on x[b, :t+1] alone (no bidirectional layer, no look "
                         "ahead)").format(call=call, changed=f"{changed:.3g}"),
                       _("sees the future"), "sees-the-future")
    model = cross_entropy(first[:n], x[:n])
    bigram = cross_entropy(bigram_probabilities(train, V)[x[:n]], x[:n])
    if model >= MARGIN * bigram:
        current = float(np.mean(np.take_along_axis(first[:n], x[:n, :, None], -1)))
        nxt = float(np.mean(np.take_along_axis(first[:n, :-1], x[:n, 1:, None], -1)))
        raise Mismatch(
            _("{call}: on text made of words from a small lexicon, the model's cross-entropy is "
              "{model} nats per character and an add-one smoothed bigram's {bigram}. A "
              "trained recurrent model gets below {margin} x bigram = {limit}.").format(
                call=call, model=f"{model:.3f}", bigram=f"{bigram:.3f}", margin=MARGIN,
                limit=f"{MARGIN * bigram:.3f}")
            + (" " + _("The model gives the current character more probability than the next "
                       "one: are the targets the inputs shifted by one?")
               if current > 2 * nxt else ""),
            _("no better than a bigram"),
            "targets-not-shifted" if current > 2 * nxt else
            "untrained" if abs(model - np.log(V)) < 0.05 else None)
    again = probabilities(1)
    if not np.allclose(again, first, rtol=1e-4, atol=1e-5):
        worst = float(np.max(np.abs(again - first)))
        raise Mismatch(_("{call}, run twice with the same seed, gave probabilities that "
                         "differ by up to {worst}: the same seed must give the same model "
                         "(keras.utils.set_random_seed(seed) before building it)").format(
            call=call, worst=f"{worst:.3g}"), _("not reproducible"), "unseeded")


QUESTIONS = [build_vocab, encode, decode, one_hot, numerical_gradient, embedding_forward,
             embedding_backward, temporal_softmax_loss, rnn_step_backward, rnn_backward,
             sample_next, fit_char_model]
