"""Known mistakes of the language assignment.

Text answers (a vocabulary, a decoded string) are compared as code points:
`same` compares numbers, so a str becomes a tuple of its code points and a
list of characters a list of such tuples (a list of bytes, ints, stays a list
of ints and differs).  Sampling probes use fixed logits, temperatures and
seeds.  The gradients' catalogues are in seqkit.mistakes.language_gradients.
"""
import collections
import functools
from typing import NamedTuple

import numpy as np

from seqkit import language as ref
from seqkit.hidden import language as hidden
from seqkit.mistakes.base import Catalogue, Mistake, contract
from seqkit.mistakes.language_gradients import (EMBEDDING_BACKWARD, EMBEDDING_FORWARD,
                                                NUMERICAL_GRADIENT, RNN_BACKWARD,
                                                RNN_STEP_BACKWARD, TEMPORAL_SOFTMAX_LOSS)
from seqkit.sandbox.ops import StudentError
from seqkit.strategies import from_seed


# The hidden tests' drawn `case`s (seqkit.hidden.language), named.
class EncodeCase(NamedTuple):
    text: str
    vocab: list      # of characters


class DecodeCase(NamedTuple):
    ids: object      # integer array
    vocab: list


class OneHotCase(NamedTuple):
    ids: object      # integer array of any shape
    vocab_size: int


class SampleCase(NamedTuple):
    logits: object   # (batch, V)
    temperature: float
    seed: int        # of the np.random.default_rng the student gets


def _codes(value):
    """A text answer as numbers (see the module's docstring); anything else as it is."""
    if isinstance(value, str):
        return tuple(ord(c) for c in value) or (-1,)
    if isinstance(value, (list, tuple)):
        return [_codes(v) for v in value]
    return value


# ------------------------------------------------------------------ build_vocab

BUILD_VOCAB = contract(
    "build_vocab",
    reference=ref.build_vocab,
    seen_as=_codes,
    probes=lambda text: [{"text": t} for t in ("баба ґава, 𝄞 cab", "zyx wvu zz", "ccbba")],
    mistakes=(
        Mistake("vocab-set-order",
                "the vocabulary is `list(set(text))`: a set has no order you can rely on (it "
                "changes from one Python process to the next), so the same text gives other "
                "indices each run. Sort it: `sorted(set(text))`."),
        Mistake("vocab-first-appearance",
                "the characters are kept in the order they first appear in the text; the "
                "contract's vocabulary is in increasing code-point order, `sorted(set(text))`, "
                "so that it does not depend on where each character first occurs.",
                lambda text: list(dict.fromkeys(text))),
        Mistake("no-value-error",
                "an empty text gives an empty vocabulary instead of raising `ValueError`."),
        Mistake("vocab-not-deduplicated",
                "the vocabulary keeps repeated characters (`sorted(text)`); each character "
                "appears once: `sorted(set(text))`.",
                lambda text: sorted(text)),
        Mistake("vocab-from-bytes",
                "the vocabulary is built from the UTF-8 bytes of the text (`text.encode()`), "
                "so a Ukrainian letter becomes two entries; a character is one code point of "
                "the `str`: iterate over the string itself.",
                lambda text: [chr(b) for b in sorted(set(text.encode("utf-8")))]),
        Mistake("vocab-by-frequency",
                "the characters are ordered by frequency (`Counter.most_common`); the contract "
                "orders them by code point, `sorted(set(text))`.",
                lambda text: [c for c, _ in collections.Counter(text).most_common()]),
    ))


# ------------------------------------------------------------------ encode, decode

ENCODE = contract(
    "encode",
    reference=ref.encode,
    case=EncodeCase,
    probes=lambda case: [EncodeCase("cabbage", ["g", "e", "c", "b", "a"]),
                         EncodeCase("мир і лад", [" ", "і", "л", "а", "д", "р", "м", "и"])],
    mistakes=(
        Mistake("unknown-not-raised",
                "a character that is not in the vocabulary is skipped, or raises something "
                "other than `ValueError` (a `KeyError` from a dict lookup); check the text first "
                "and raise `ValueError` naming every unknown character."),
        Mistake("error-names-too-little",
                "the `ValueError` names only some of the unknown characters (the first one met); "
                "its message names every character of the text that is not in the vocabulary."),
        Mistake("encode-sorted-vocab",
                "the indices are positions in the sorted vocabulary, not in `vocab` as given; "
                "`ids[k]` is the position of `text[k]` in the `vocab` passed in.",
                lambda text, vocab: ref.encode(text, sorted(vocab))),
        Mistake("encode-one-based",
                "the indices start at 1 (keeping 0 for padding); the position in `vocab` starts "
                "at 0.",
                lambda text, vocab: ref.encode(text, vocab) + 1),
    ))

DECODE = contract(
    "decode",
    reference=ref.decode,
    case=DecodeCase,
    seen_as=_codes,
    probes=lambda case: [DecodeCase(np.array([2, 0, 1, 1]), ["a", "ж", "𝄞"]),
                         DecodeCase(np.array([0, 3, 2]), [" ", "b", "c", "d"])],
    mistakes=(
        Mistake("no-range-check",
                "an index outside `[0, len(vocab))` is not rejected with a `ValueError`: a "
                "negative index silently picks a character from the end (Python's `vocab[-1]`), "
                "a too large one raises `IndexError`. Check every index first."),
        Mistake("decode-space-joined",
                "the characters are joined with spaces; `decode` joins them with nothing: "
                "`\"\".join(...)`.",
                lambda ids, vocab: " ".join(vocab[int(i)] for i in ids)),
        Mistake("decode-returns-list",
                "a list of characters is returned; `decode` returns one `str`.",
                lambda ids, vocab: [vocab[int(i)] for i in ids]),
        Mistake("decode-off-by-one",
                "each index is shifted by one (`vocab[i - 1]`); index `i` is `vocab[i]`.",
                lambda ids, vocab: "".join(vocab[int(i) - 1] for i in ids)),
    ))


# ------------------------------------------------------------------ one_hot

ONE_HOT = contract(
    "one_hot",
    reference=ref.one_hot,
    case=OneHotCase,
    probes=lambda case: [OneHotCase(np.array([[0, 2], [1, 0]]), 5),
                         OneHotCase(np.array([1, 0, 2]), 4)],
    mistakes=(
        Mistake("no-range-check",
                "an index outside `[0, vocab_size)` is not rejected with a `ValueError`: "
                "`np.eye(V)[ids]` quietly takes a negative index from the end and raises "
                "`IndexError` for a too large one. Check the indices first."),
        Mistake("one-hot-flattened",
                "the one-hot rows come back as one `(ids.size, vocab_size)` matrix; the result "
                "keeps the shape of `ids` and adds one axis: `ids.shape + (vocab_size,)`.",
                lambda ids, vocab_size: ref.one_hot(ids, vocab_size).reshape(-1, vocab_size)),
        Mistake("one-hot-transposed",
                "the vocabulary axis comes first, `(vocab_size,) + ids.shape`; it is the last "
                "axis: `ids.shape + (vocab_size,)`.",
                lambda ids, vocab_size: np.moveaxis(ref.one_hot(ids, vocab_size), -1, 0)),
        Mistake("vocab-size-from-ids",
                "the number of columns is taken from the largest index (`ids.max() + 1`) "
                "instead of `vocab_size`.",
                lambda ids, vocab_size: ref.one_hot(ids, int(np.max(ids)) + 1)),
    ))


# ------------------------------------------------------------------ sample_next

def _draw(logits, temperature, seed, axis=-1, multiply=False):
    logits = np.asarray(logits, dtype=np.float64)
    if temperature < 0:
        raise ValueError("negative temperature")
    if temperature == 0:
        return np.argmax(logits, axis=-1)
    z = logits * temperature if multiply else logits / temperature
    p = np.exp(z - z.max(axis=axis, keepdims=True))
    p /= p.sum(axis=axis, keepdims=True)
    cdf = np.cumsum(p, axis=-1)
    cdf /= cdf[:, -1:]
    u = np.random.default_rng(seed).random(logits.shape[0])
    return np.sum(cdf <= u[:, None], axis=-1)


def _gumbel(logits, temperature, seed):
    logits = np.asarray(logits, dtype=np.float64)
    if temperature <= 0:
        return _draw(logits, temperature, seed)
    rng = np.random.default_rng(seed)
    return np.argmax(logits / temperature + rng.gumbel(size=logits.shape), axis=-1)


def _samples(student, case):
    answer = hidden.ask_samples(student, *case)
    return answer.get("samples") if isinstance(answer, dict) else answer


ZERO_PROBE = SampleCase(from_seed((4, 5), np.float64, -3, 3, seed=154), 0.0, 14)


def _recognise_sampler(student, case):
    try:
        return _sampler_mistake(student, case)
    except StudentError:  # the student's code raised on a probe: no verdict from it
        return None


def _sampler_mistake(student, case):
    """At temperature 0: 'zero-temperature-not-argmax' or 'zero-temperature-draws' from a
    probe with distinct logits; else 'extra-draws' when every probe's characters are right
    but the generator was left in another state than one rng.random(batch) call."""
    if SampleCase._make(case).temperature == 0:
        logits, temperature, seed = ZERO_PROBE
        answer = hidden.ask_samples(student, logits, temperature, seed)
        if not isinstance(answer, dict):
            return None
        if not np.array_equal(np.asarray(answer.get("samples")), np.argmax(logits, axis=-1)):
            return "zero-temperature-not-argmax"
        if answer.get("after") != np.random.default_rng(seed).random():
            return "zero-temperature-draws"
        return None
    for probe in [case] + _sample_probes(case):
        logits, temperature, seed = probe
        if temperature <= 0:
            return None
        answer = hidden.ask_samples(student, logits, temperature, seed)
        if not isinstance(answer, dict) or \
                not np.array_equal(np.asarray(answer.get("samples")), _draw(*probe)):
            return None
        if answer.get("after") == hidden.expected_draws(seed, len(logits), temperature)[1]:
            return None
    return "extra-draws"


def _sample_probes(case):
    return [SampleCase(from_seed((8, 5), np.float64, -3, 3, seed=151), 0.5, 11),
            SampleCase(from_seed((8, 5), np.float64, -3, 3, seed=152), 2.5, 12),
            SampleCase(from_seed((1, 6), np.float64, -3, 3, seed=153), 1.0, 13)]


SAMPLE_NEXT = contract(
    "sample_next",
    reference=_draw,  # of the case: the rng is made from its seed
    case=SampleCase,
    recognise=_recognise_sampler,
    answer=_samples,
    probes=_sample_probes,
    mistakes=(
        Mistake("temperature-multiplied",
                "the logits are multiplied by the temperature; they are divided by it, "
                "`softmax(logits / temperature)`, so a high temperature flattens the "
                "distribution and a low one sharpens it.",
                functools.partial(_draw, multiply=True)),
        Mistake("softmax-wrong-axis",
                "the softmax is taken over the batch axis (axis 0); each row is one "
                "distribution over the vocabulary: normalise over the last axis.",
                functools.partial(_draw, axis=0)),
        Mistake("gumbel-max",
                "the samples come from the Gumbel-max trick (`batch x V` draws); the contract "
                "fixes one `rng.random(batch)` call and the cdf, so that the same seed gives "
                "the same characters in every correct notebook.",
                _gumbel),
        Mistake("rng-not-used",
                "the generator `rng` passed in is never drawn from (`np.random.choice`, or a new "
                "`np.random.default_rng()`): the same seed must give the same characters, so "
                "draw with `rng.random(batch)`."),
        Mistake("extra-draws",
                "the characters are right, but `rng` was drawn from more (or less) than one "
                "`rng.random(batch)` call: the next step would then sample other text."),
        Mistake("zero-temperature-draws",
                "at temperature 0 the argmax is returned, but a number was drawn from `rng` "
                "first; temperature 0 draws nothing."),
        Mistake("zero-temperature-not-argmax",
                "temperature 0 is not the argmax (a division by zero, or a small temperature "
                "put in its place): return `np.argmax(logits, axis=-1)` before dividing."),
        Mistake("no-value-error",
                "a negative temperature does not raise `ValueError`."),
    ))


# ------------------------------------------------------------------ fit_char_model

FIT_CHAR_MODEL = Catalogue(
    "fit_char_model",
    mistakes=(
        Mistake("untrained",
                "the model gives every character about the same probability: it was never "
                "trained (`model.fit` is missing, or a fresh model is returned)."),
        Mistake("unseeded",
                "two trainings with the same seed give different probabilities: seed Keras "
                "(`keras.utils.set_random_seed(seed)`) before building the model."),
        Mistake("targets-not-shifted",
                "the model predicts the current character rather than the next one: the "
                "training targets are the inputs shifted by one, `y = ids[s + 1 : s + T + 1]`."),
        Mistake("not-probabilities",
                "the model's rows are not probability distributions (logits from a Dense layer "
                "without softmax): end the model with `activation=\"softmax\"`."),
        Mistake("sees-the-future",
                "the probabilities at position t depend on later characters (a bidirectional "
                "layer, or a convolution without causal padding): a language model may only "
                "look back."),
    ))


CATALOGUE = [BUILD_VOCAB, ENCODE, DECODE, ONE_HOT, NUMERICAL_GRADIENT, EMBEDDING_FORWARD,
             EMBEDDING_BACKWARD, TEMPORAL_SOFTMAX_LOSS, RNN_STEP_BACKWARD, RNN_BACKWARD,
             SAMPLE_NEXT, FIT_CHAR_MODEL]
