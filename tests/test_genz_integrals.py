"""The six Genz (1987) test functions in ``seqkit.genz`` against closed-form integrals.

Every expected value in this module is derived and computed here, independently
of ``seqkit.genz``; the module under test is only ever called to *evaluate* the
functions (and, to draw parameters, ``normalize_c`` / ``normalize_w``, which are
themselves checked against their definitions below).

Closed forms over [0, 1]^d (all but the corner peak factorise over coordinates):

* oscillatory   Re[ e^{i 2π w_1} Π_k (e^{i c_k} - 1) / (i c_k) ],
                with (e^{ic} - 1)/(ic) = sin(c)/c + i (1 - cos c)/c
                                       = sin(c)/c + i 2 sin²(c/2)/c  (no cancellation)
* product peak  Π_k c_k [arctan(c_k (1 - w_k)) + arctan(c_k w_k)]
* corner peak   (1 / (d! Π c_k)) Σ_{S ⊆ {1..d}} (-1)^{|S|} / (1 + Σ_{k∈S} c_k),
                evaluated with 60-digit ``decimal`` arithmetic (the alternating sum
                cancels catastrophically in float64 as d grows)
* gaussian      Π_k (√π / (2 c_k)) [erf(c_k (1 - w_k)) + erf(c_k w_k)]
* continuous    Π_k (2 - e^{-c_k w_k} - e^{-c_k (1 - w_k)}) / c_k
* discontinuous Π_{k ≤ 2} (e^{c_k w_k} - 1)/c_k · Π_{k > 2} (e^{c_k} - 1)/c_k
                (only k = 1 is truncated when d = 1)

The closed forms are themselves checked, without the module, against tensor
Gauss–Legendre rules (d = 1, 2, 3) and, for the corner peak in d = 5, 10, against
the one-dimensional representation
    I = (1/d!) ∫_0^∞ t^d e^{-t} Π_k (1 - e^{-c_k t}) / (c_k t) dt
integrated with Gauss–Laguerre.
"""
import cmath
import math
from decimal import Decimal, localcontext

import numpy as np
import pytest

from seqkit import genz

FAMILIES = (
    "oscillatory",
    "product_peak",
    "corner_peak",
    "gaussian",
    "continuous",
    "discontinuous",
)

# Difficulty budgets b_j (product peak: b_j = d).
EXPECTED_BUDGET = {
    "oscillatory": lambda d: 1.5,
    "product_peak": lambda d: float(d),
    "corner_peak": lambda d: 1.85,
    "gaussian": lambda d: 7.03,
    "continuous": lambda d: 20.4,
    "discontinuous": lambda d: 4.3,
}

SEED = 20240611
MC_DIMS = (2, 5, 10)
MC_POINTS = 200_000
MC_SIGMAS = 4.0
MC_ABS_SLACK = 1e-12


# --------------------------------------------------------------------------
# Independent float64 reference formulas (pure numpy, written from the spec)
# --------------------------------------------------------------------------
def ref_oscillatory(x, c, w):
    return np.cos(2.0 * np.pi * w[0] + np.sum(c * x, axis=1))


def ref_product_peak(x, c, w):
    return np.prod(1.0 / (1.0 / c**2 + (x - w) ** 2), axis=1)


def ref_corner_peak(x, c, w):
    d = x.shape[1]
    return (1.0 + np.sum(c * x, axis=1)) ** (-(d + 1))


def ref_gaussian(x, c, w):
    return np.exp(-np.sum(c**2 * (x - w) ** 2, axis=1))


def ref_continuous(x, c, w):
    return np.exp(-np.sum(c * np.abs(x - w), axis=1))


def ref_discontinuous(x, c, w):
    outside = x[:, 0] > w[0]
    if x.shape[1] >= 2:
        outside = outside | (x[:, 1] > w[1])
    return np.where(outside, 0.0, np.exp(np.sum(c * x, axis=1)))


REFERENCE = {
    "oscillatory": ref_oscillatory,
    "product_peak": ref_product_peak,
    "corner_peak": ref_corner_peak,
    "gaussian": ref_gaussian,
    "continuous": ref_continuous,
    "discontinuous": ref_discontinuous,
}


# --------------------------------------------------------------------------
# Closed-form integrals over [0, 1]^d
# --------------------------------------------------------------------------
def exact_oscillatory(c, w):
    z = cmath.exp(2j * math.pi * float(w[0]))
    for ck in map(float, c):
        if ck == 0.0:
            continue  # ∫ e^{0} = 1
        z *= complex(math.sin(ck) / ck, 2.0 * math.sin(ck / 2.0) ** 2 / ck)
    return z.real


def exact_product_peak(c, w):
    out = 1.0
    for ck, wk in zip(map(float, c), map(float, w)):
        out *= ck * (math.atan(ck * (1.0 - wk)) + math.atan(ck * wk))
    return out


def exact_corner_peak(c, w=None, digits=60):
    """(1/(d! Π c)) Σ_S (-1)^|S| (1 + Σ_{k∈S} c_k)^{-1}, in `digits`-digit decimal."""
    with localcontext() as ctx:
        ctx.prec = digits
        cd = [Decimal(float(ck)) for ck in c]  # exact binary -> decimal
        d = len(cd)
        # Enumerate subsets incrementally: sums[mask] = 1 + Σ_{k in mask} c_k.
        sums = [Decimal(1)]
        signs = [1]
        for ck in cd:
            sums = sums + [s + ck for s in sums]
            signs = signs + [-sg for sg in signs]
        total = Decimal(0)
        for sg, s in zip(signs, sums):
            total += sg / s
        denom = Decimal(math.factorial(d))
        for ck in cd:
            denom *= ck
        return float(total / denom)


def exact_gaussian(c, w):
    out = 1.0
    for ck, wk in zip(map(float, c), map(float, w)):
        out *= math.sqrt(math.pi) / (2.0 * ck) * (math.erf(ck * (1.0 - wk)) + math.erf(ck * wk))
    return out


def exact_continuous(c, w):
    out = 1.0
    for ck, wk in zip(map(float, c), map(float, w)):
        # 2 - e^{-cw} - e^{-c(1-w)}, written with expm1 to avoid cancellation
        out *= (-math.expm1(-ck * wk) - math.expm1(-ck * (1.0 - wk))) / ck
    return out


def exact_discontinuous(c, w):
    out = 1.0
    for k, (ck, wk) in enumerate(zip(map(float, c), map(float, w))):
        upper = wk if k < 2 else 1.0
        out *= math.expm1(ck * upper) / ck
    return out


EXACT = {
    "oscillatory": exact_oscillatory,
    "product_peak": exact_product_peak,
    "corner_peak": exact_corner_peak,
    "gaussian": exact_gaussian,
    "continuous": exact_continuous,
    "discontinuous": exact_discontinuous,
}


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------
def _rng(*keys):
    return np.random.default_rng([SEED, *keys])


def draw_params_via_module(family, d):
    """c ~ U(0,1) normalised with genz.normalize_c, w ~ U(0,1) with genz.normalize_w."""
    rng = _rng(FAMILIES.index(family), d, 1)
    c_raw = rng.uniform(0.0, 1.0, size=d)
    w_raw = rng.uniform(0.0, 1.0, size=d)
    c = np.asarray(genz.normalize_c(c_raw, family), dtype=np.float64)
    w = np.asarray(genz.normalize_w(w_raw), dtype=np.float64)
    assert c.shape == (d,) and w.shape == (d,)
    assert np.all(c > 0)
    assert np.all((w >= 0.0) & (w <= 1.0)), w  # w must stay inside [0, 1]
    return c, w


def draw_params_local(family, d, seed_key=2):
    """Same recipe, but normalised here (used by tests that must not touch the module)."""
    rng = _rng(FAMILIES.index(family), d, seed_key)
    c = rng.uniform(0.0, 1.0, size=d)
    w = rng.uniform(0.0, 1.0, size=d)
    c = c * EXPECTED_BUDGET[family](d) / c.sum()
    w = w / w.sum()
    return c, w


def gauss_legendre_product(f, c, w, nodes=40):
    """Tensor Gauss–Legendre rule on [0,1]^d, each axis split at w_k (kinks/peaks)."""
    t, wt = np.polynomial.legendre.leggauss(nodes)
    axes_x, axes_w = [], []
    for wk in w:
        xs, ws = [], []
        for a, b in ((0.0, float(wk)), (float(wk), 1.0)):
            if b > a:
                xs.append(a + (b - a) * (t + 1.0) / 2.0)
                ws.append(wt * (b - a) / 2.0)
        axes_x.append(np.concatenate(xs))
        axes_w.append(np.concatenate(ws))
    grid = np.meshgrid(*axes_x, indexing="ij")
    pts = np.stack([g.ravel() for g in grid], axis=1)
    wgrid = np.meshgrid(*axes_w, indexing="ij")
    weights = np.prod(np.stack([g.ravel() for g in wgrid], axis=1), axis=1)
    return float(weights @ f(pts, c, w))


def corner_peak_laguerre(c, nodes=60):
    t, wt = np.polynomial.laguerre.laggauss(nodes)
    ct = np.outer(t, c)
    g = t ** len(c) * np.prod(-np.expm1(-ct) / ct, axis=1)
    return float(wt @ g) / math.factorial(len(c))


def exact_corner_value(s, d, digits=50):
    """(1 + s)^-(d+1) correctly rounded to float64, for a float s (decimal arithmetic)."""
    with localcontext() as ctx:
        ctx.prec = digits
        return float((-(d + 1) * (1 + Decimal(float(s))).ln()).exp())


# --------------------------------------------------------------------------
# API: registry, budgets, normalisation
# --------------------------------------------------------------------------
@pytest.mark.quick
def test_registry_lists_exactly_the_six_families():
    assert set(genz.GENZ_FAMILIES) == set(FAMILIES)
    for name in FAMILIES:
        assert callable(genz.GENZ_FAMILIES[name])
        assert genz.GENZ_FAMILIES[name] is getattr(genz, name)


@pytest.mark.quick
@pytest.mark.parametrize("d", (1, 2, 5, 10))
@pytest.mark.parametrize("family", FAMILIES)
def test_genz_budget(family, d):
    assert genz.genz_budget(family, d) == pytest.approx(EXPECTED_BUDGET[family](d), rel=1e-15)


@pytest.mark.parametrize("d", (1, 2, 5, 10))
@pytest.mark.parametrize("family", FAMILIES)
def test_normalize_c(family, d):
    c_raw = _rng(FAMILIES.index(family), d, 3).uniform(size=d)
    c = np.asarray(genz.normalize_c(c_raw.copy(), family))
    b = EXPECTED_BUDGET[family](d)
    assert c.shape == (d,)
    np.testing.assert_allclose(c, c_raw * b / c_raw.sum(), rtol=1e-14, atol=0)
    assert c.sum() == pytest.approx(b, rel=1e-13)


@pytest.mark.quick
@pytest.mark.parametrize("d", (1, 2, 5, 10))
def test_normalize_w(d):
    w_raw = _rng(99, d, 4).uniform(size=d)
    w = np.asarray(genz.normalize_w(w_raw.copy()))
    assert w.shape == (d,)
    np.testing.assert_allclose(w, w_raw / w_raw.sum(), rtol=1e-14, atol=0)
    assert w.sum() == pytest.approx(1.0, rel=1e-14)
    assert np.all((w >= 0.0) & (w <= 1.0))


# --------------------------------------------------------------------------
# The closed forms themselves (no module involved)
# --------------------------------------------------------------------------
@pytest.mark.parametrize("d", (1, 2, 3))
@pytest.mark.parametrize("family", FAMILIES)
def test_closed_form_matches_gauss_legendre(family, d):
    c, w = draw_params_local(family, d)
    quad = gauss_legendre_product(REFERENCE[family], c, w, nodes=40 if d < 3 else 30)
    exact = EXACT[family](c, w)
    assert exact == pytest.approx(quad, rel=1e-10, abs=1e-14)


@pytest.mark.parametrize("d", (1, 2, 3))
@pytest.mark.parametrize("family", FAMILIES)
def test_closed_form_matches_gauss_legendre_harder_parameters(family, d):
    # c three times the budget, w drawn uniformly (not normalised) in (0.05, 0.95).
    rng = _rng(FAMILIES.index(family), d, 5)
    c = 3.0 * rng.uniform(size=d) * EXPECTED_BUDGET[family](d) / d
    w = rng.uniform(0.05, 0.95, size=d)
    quad = gauss_legendre_product(REFERENCE[family], c, w, nodes=60 if d < 3 else 40)
    exact = EXACT[family](c, w)
    assert exact == pytest.approx(quad, rel=1e-9, abs=1e-14)


@pytest.mark.parametrize("d", (1, 2, 3, 5, 10))
def test_corner_peak_closed_form_matches_laguerre(d):
    c, _ = draw_params_local("corner_peak", d)
    assert exact_corner_peak(c) == pytest.approx(corner_peak_laguerre(c), rel=1e-11)


@pytest.mark.quick
def test_corner_peak_closed_form_d1_by_hand():
    for ck in (1e-3, 0.5, 1.85, 40.0):
        # ∫_0^1 (1 + c x)^-2 dx = 1 / (1 + c)
        assert exact_corner_peak([ck]) == pytest.approx(1.0 / (1.0 + ck), rel=1e-14)


# --------------------------------------------------------------------------
# The module: point values and Monte Carlo integrals
# --------------------------------------------------------------------------
@pytest.mark.parametrize("d", (1, 2, 5, 10))
@pytest.mark.parametrize("family", FAMILIES)
def test_pointwise_matches_reference_formula(family, d):
    c, w = draw_params_via_module(family, d)
    x = _rng(FAMILIES.index(family), d, 6).random((1000, d))
    # plus the corners of the box and the point x = w itself
    x = np.vstack([x, np.zeros((1, d)), np.ones((1, d)), w[None, :]])
    got = np.asarray(getattr(genz, family)(x, c, w))
    assert got.shape == (x.shape[0],)
    want = REFERENCE[family](x, c, w)
    atol = 1e-13 if family == "oscillatory" else 0.0  # cos near its zeros
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=atol)


def test_discontinuous_ignores_second_coordinate_only_in_d1():
    c = np.array([0.7])
    w = np.array([0.4])
    x = np.array([[0.1], [0.39], [0.4], [0.41], [0.9]])
    got = np.asarray(genz.discontinuous(x, c, w))
    np.testing.assert_allclose(got, [math.exp(0.07), math.exp(0.273), math.exp(0.28), 0.0, 0.0],
                               rtol=1e-14)
    # d = 3: the third coordinate never truncates, the second does.
    c3 = np.array([0.5, 0.5, 0.5])
    w3 = np.array([0.5, 0.3, 0.2])
    x3 = np.array([[0.1, 0.1, 0.9], [0.1, 0.31, 0.0], [0.51, 0.1, 0.0]])
    got3 = np.asarray(genz.discontinuous(x3, c3, w3))
    np.testing.assert_allclose(got3, [math.exp(0.55), 0.0, 0.0], rtol=1e-14)


def _monte_carlo_sample(family, d, w, rng):
    """Points x and their sampling density q(x) on [0, 1]^d, in two equal halves.

    Plain uniform sampling (q = 1) for every family but the discontinuous one, whose
    support [0, w_1] x [0, w_2] x [0, 1]^(d-2) has volume w_1 w_2 ≈ 1e-3 at d = 10
    (only a few hundred uniform points would land in it).  There the second half is
    drawn uniformly from the box B = [0, min(1, 2 w_1)] x [0, min(1, 2 w_2)] x [0, 1]^(d-2)
    (which straddles the discontinuity) and q = 1/2 + 1/2 * 1_B / |B| is the mixture
    density, so sum f/q / n is unbiased over the *whole* cube (balance-heuristic
    multiple importance sampling); the uniform half still probes everything outside B.
    """
    m = MC_POINTS // 2
    first = rng.random((m, d))
    second = rng.random((m, d))
    if family != "discontinuous":
        return first, second, np.ones(m), np.ones(m)
    hi = np.ones(d)
    k = min(d, 2)
    hi[:k] = np.minimum(1.0, 2.0 * w[:k])
    second = second * hi
    vol = float(np.prod(hi))

    def density(x):
        inside = np.all(x <= hi, axis=1)
        return 0.5 + 0.5 * inside / vol

    return first, second, density(first), density(second)


@pytest.mark.parametrize("d", MC_DIMS)
@pytest.mark.parametrize("family", FAMILIES)
def test_monte_carlo_mean_matches_closed_form(family, d):
    c, w = draw_params_via_module(family, d)
    exact = EXACT[family](c, w)
    rng = _rng(FAMILIES.index(family), d, 7)
    x1, x2, q1, q2 = _monte_carlo_sample(family, d, w, rng)
    g = []
    for x, q in ((x1, q1), (x2, q2)):
        fx = np.asarray(getattr(genz, family)(x, c, w), dtype=np.float64)
        assert fx.shape == (x.shape[0],)
        assert np.all(np.isfinite(fx))
        g.append(fx / q)
    m = x1.shape[0]
    mean = float(0.5 * (g[0].mean() + g[1].mean()))
    se = math.sqrt((g[0].var(ddof=1) + g[1].var(ddof=1)) / (4.0 * m))
    # The test must have some power: the 4-sigma band is a small part of the signal.
    assert MC_SIGMAS * se <= 0.1 * abs(exact)
    assert abs(mean - exact) <= MC_SIGMAS * se + MC_ABS_SLACK, (
        f"{family} d={d}: MC mean {mean:.10g} ± {se:.3g} (SE) vs closed form {exact:.10g} "
        f"({abs(mean - exact) / se:.2f} SE away)"
    )


# --------------------------------------------------------------------------
# Numerical hazards
# --------------------------------------------------------------------------
@pytest.mark.parametrize("d", (2, 5, 10))
def test_corner_peak_tiny_c_first_order_and_log1p(d):
    c = np.full(d, 1e-12)
    w = np.full(d, 1.0 / d)
    x = _rng(200, d).random((2000, d))
    got = np.asarray(genz.corner_peak(x, c, w), dtype=np.float64)
    s = np.sum(c * x, axis=1)
    assert np.all(np.isfinite(got))
    assert np.all(got < 1.0)  # the tiny perturbation is not lost entirely
    # first order: f = 1 - (d+1) s + O(s^2), and s^2 ~ 1e-23 is far below rounding
    np.testing.assert_allclose(got, 1.0 - (d + 1) * s, rtol=0, atol=2e-15)
    # the deviation from 1 carries the first-order term (where it is well above 1 ulp)
    big = (d + 1) * s >= 1e-12
    assert big.sum() > 1000
    np.testing.assert_allclose((1.0 - got[big]) / ((d + 1) * s[big]), 1.0, rtol=1e-3)
    np.testing.assert_allclose(got, np.exp(-(d + 1) * np.log1p(s)), rtol=1e-14, atol=0)


@pytest.mark.parametrize("c_value", (1e-12, 1e-9, 1e-6))
def test_corner_peak_tiny_c_is_accurate_to_a_few_ulp(c_value):
    """Sharper than a 1e-14 relative check: (1 + s) ** -(d+1) in float64 rounds 1 + s
    and then amplifies that rounding (d+1)-fold, i.e. up to ~11 ulp at d = 10, while
    exp(-(d+1) * log1p(s)) stays within ~1 ulp of the correctly rounded value."""
    d = 10
    c = np.full(d, c_value)
    w = np.full(d, 1.0 / d)
    x = _rng(201, int(-math.log10(c_value))).random((1000, d))
    got = np.asarray(genz.corner_peak(x, c, w), dtype=np.float64)
    s = np.sum(c * x, axis=1)
    exact = np.array([exact_corner_value(v, d) for v in s])
    ulps = np.abs(got - exact) / np.spacing(exact)
    assert ulps.max() <= 3.0, f"corner_peak off by up to {ulps.max():.0f} ulp for tiny c"


@pytest.mark.parametrize("c_kind", ("normalised", "fifty"))
def test_product_peak_d10_finite_and_equal_to_log_space_product(c_kind):
    d = 10
    rng = _rng(300, d, 0 if c_kind == "normalised" else 1)
    if c_kind == "normalised":
        c = np.asarray(genz.normalize_c(rng.uniform(size=d), "product_peak"))
        assert c.sum() == pytest.approx(d, rel=1e-13)
    else:
        c = np.full(d, 50.0)
    w = np.asarray(genz.normalize_w(rng.uniform(size=d)))
    # uniform points, points clustered around the peak, and the peak itself
    x = np.vstack([
        rng.random((2000, d)),
        np.clip(w + rng.normal(scale=1.0 / c, size=(2000, d)), 0.0, 1.0),
        w[None, :],
    ])
    got = np.asarray(genz.product_peak(x, c, w), dtype=np.float64)
    assert got.shape == (x.shape[0],)
    assert np.all(np.isfinite(got)) and np.all(got > 0)
    log_space = np.exp(-np.sum(np.log(c**-2.0 + (x - w) ** 2), axis=1))
    np.testing.assert_allclose(got, log_space, rtol=1e-12, atol=0)
    np.testing.assert_allclose(got, ref_product_peak(x, c, w), rtol=1e-12, atol=0)
    # at x = w the value is Π c_k^2 (= 50^20 ≈ 9.5e33 for c = 50)
    assert got[-1] == pytest.approx(float(np.prod(c**2)), rel=1e-13)


@pytest.mark.parametrize("d", (2, 10))
@pytest.mark.parametrize("family", FAMILIES)
def test_float32_and_float64_inputs(family, d):
    rng = _rng(FAMILIES.index(family), d, 400)
    c64 = np.asarray(genz.normalize_c(rng.uniform(size=d), family))
    w64 = np.asarray(genz.normalize_w(rng.uniform(size=d)))
    x32 = rng.random((5000, d)).astype(np.float32)
    x32 = np.vstack([x32, w64.astype(np.float32)[None, :]])
    c32, w32 = c64.astype(np.float32), w64.astype(np.float32)
    fn = getattr(genz, family)
    f32 = np.asarray(fn(x32, c32, w32))
    # float64 evaluation at exactly the same (float32-representable) inputs
    f64 = np.asarray(fn(x32.astype(np.float64), c32.astype(np.float64), w32.astype(np.float64)))
    for f in (f32, f64):
        assert f.shape == (x32.shape[0],)
        assert np.issubdtype(f.dtype, np.floating)
        assert np.all(np.isfinite(f))
    # cos is bounded by 1 and the float32 error is in its phase: absolute slack there
    atol = 1e-5 if family == "oscillatory" else 0.0
    np.testing.assert_allclose(f32.astype(np.float64), f64, rtol=1e-5, atol=atol)
    # and the float64 path agrees with the independent formula
    np.testing.assert_allclose(
        f64, REFERENCE[family](x32.astype(np.float64), c32.astype(np.float64), w32.astype(np.float64)),
        rtol=1e-12, atol=1e-13 if family == "oscillatory" else 0.0,
    )
