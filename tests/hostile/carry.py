"""Issue 21's attacks: error carried forward (seqkit.grading.carry) earns nothing it should not.

In each, the cell's rnn_step is wrong (it deserves 0), so rnn_forward, which
calls it, is graded again with rnn_step answered by the grader's reference.
What rnn_forward then does with that stand-in decides what it deserves
(tests/hostile/base.py): calls the grader refuses fail it (0), and nothing
of this reaches the batch or another question.
"""
from hostile.base import Attack, _src, zero

WRONG_STEP = _src('''
    def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
        return np.tanh(np.asarray(x_t) @ W_xh + np.asarray(h_prev) @ np.transpose(W_hh) + b_h)
''')


def _forward(before_the_loop):
    """A right rnn_forward that first runs `before_the_loop` (statements) when rnn_step is
    the grader's stand-in (a closure; the notebook's own rnn_step is not)."""
    body = "".join(f"        {line}\n" for line in _src(before_the_loop).splitlines())
    return WRONG_STEP + (
        "\ndef rnn_forward(xs, h0, W_xh, W_hh, b_h):\n"
        "    if getattr(rnn_step, '__closure__', None):\n" + body +
        "    h, hs = np.asarray(h0), []\n"
        "    for t in range(np.shape(xs)[1]):\n"
        "        h = rnn_step(np.asarray(xs)[:, t], h, W_xh, W_hh, b_h)\n"
        "        hs.append(h)\n"
        "    return np.stack(hs, axis=1)\n")


def huge_dependency_inputs():
    # The grader's rnn_step asked about a few elements whose answer is 4 GiB (an outer
    # product), then about 2**21 elements: each refused, no memory spent in the grader.
    return Attack("carry-huge-inputs", "rnn", _forward('''
        n, m = 2**16, 2**13
        rnn_step(np.ones((n, 1)), np.ones((n, 1)), np.ones((1, m)), np.ones((1, m)), np.ones(m))
        rnn_step(np.ones((1, 2**20)), np.ones((1, 1)), np.ones((2**20, 1)), np.ones((1, 1)),
                 np.ones(1))
    '''), zero("rnn_step", "rnn_forward"))


def dependency_flood():
    # Far more calls of the stand-in than any rnn_forward needs: the grader stops the
    # process after its callback limit; bounded (tiny messages, a few seconds).
    return Attack("carry-flood", "rnn", _forward('''
        one = np.zeros((1, 1))
        for _ in range(100_000):
            rnn_step(one, one, one, one, np.zeros(1))
    '''), zero("rnn_step", "rnn_forward"))


def dependency_not_given():
    # The stand-in's own way to the grader, asked for what it was not given: the
    # reference of the question being graded, and of one nobody calls.
    return Attack("carry-not-given", "rnn", WRONG_STEP + _src('''
        def rnn_forward(xs, h0, W_xh, W_hh, b_h):
            ask = next((c.cell_contents for c in getattr(rnn_step, "__closure__", None) or ()
                        if getattr(c.cell_contents, "__name__", "") == "ask"), None)
            if ask is None:  # not a regrade: garbage
                return np.zeros(np.shape(xs)[:2] + np.shape(b_h))
            for name in ("rnn_outputs", "rnn_forward"):
                reply = ask({"callback": "reference", "name": name,
                             "args": (xs, h0, W_xh, W_hh, b_h), "kwargs": {}})
            return reply["ok"]["value"]
    '''), zero("rnn_step", "rnn_forward"))


def record_and_replay():
    # rnn_step records the inputs it is graded on and answers from a table when it
    # can; rnn_forward, when rnn_step is the grader's stand-in, fills the table with
    # the grader's answers for those inputs (in the process, /tmp and /dev/shm).  The
    # regrade comes after rnn_step was graded, in a fresh process that is then
    # killed: the table never reaches rnn_step.  rnn_forward itself is right given
    # rnn_step, and earns its points.
    return Attack("carry-record-and-replay", "rnn", _src('''
        import os, pickle
        # Append-only records (one pickle per call) so that the recording costs the
        # grader's time linearly in the calls, as a real cheat would make it.
        _SEEN = ["/tmp/seqkit-seen-@MARK@", "/dev/shm/seqkit-seen-@MARK@"]
        _TABLES = ["/tmp/seqkit-replay-@MARK@", "/dev/shm/seqkit-replay-@MARK@"]

        def _key(args):
            return pickle.dumps([np.asarray(a).tobytes() for a in args])

        def _records(place):
            out = []
            try:
                with open(place, "rb") as fh:
                    while True:
                        out.append(pickle.load(fh))
            except Exception:
                return out

        def _append(places, record):
            for place in places:
                try:
                    with open(place, "ab") as fh:
                        pickle.dump(record, fh)
                except Exception:
                    pass

        def _table():
            table = {}
            for place in _TABLES:
                for record in _records(place):
                    table.update(record)
            return table

        def _wrong_step(x_t, h_prev, W_xh, W_hh, b_h):
            return np.tanh(np.asarray(x_t) @ W_xh + np.asarray(h_prev) @ np.transpose(W_hh) + b_h)

        def rnn_step(*args):
            table = _table()
            if _key(args) in table:
                return table[_key(args)]
            _append(_SEEN, args)
            return _wrong_step(*args)

        def rnn_forward(xs, h0, W_xh, W_hh, b_h):
            if getattr(rnn_step, "__closure__", None):  # the grader's stand-in: harvest
                seen = {_key(a): a for place in _SEEN for a in _records(place)}
                _append(_TABLES, {k: rnn_step(*a) for k, a in seen.items()})
            h, hs = np.asarray(h0), []
            for t in range(np.shape(xs)[1]):
                h = rnn_step(np.asarray(xs)[:, t], h, W_xh, W_hh, b_h)
                hs.append(h)
            return np.stack(hs, axis=1)
'''), zero("rnn_step"), needs_isolation=True)
