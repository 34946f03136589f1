"""The reference side of the prediction benchmark: fits BG/NBD and Gamma-Gamma with the Python `lifetimes` package on
a per-customer summary CSV (columns frequency,recency,T,monetary_value; times in days, spend in yuan) and prints the
parameters, the fit times and the TOTAL log-likelihoods on the original data as JSON.

    python lifetimes_fit.py summary.csv > lifetimes.json

Each fit is timed around the `.fit` call only (which in lifetimes also computes the Hessian and standard errors), the
best of 3 runs, or a single run when one fit takes longer than 20 s.
"""
import json
import math
import sys
import time
import warnings

import numpy as np
import pandas as pd
from scipy.special import gammaln

import lifetimes
from lifetimes import BetaGeoFitter, GammaGammaFitter

SLOW_FIT_SECONDS = 20.0
RUNS = 3


def timed_fit(make_and_fit):
    """Returns (the fitter of the fastest run, its seconds)."""
    best_fitter, best_seconds = None, math.inf
    for _ in range(RUNS):
        start = time.perf_counter()
        fitter = make_and_fit()
        seconds = time.perf_counter() - start
        if seconds < best_seconds:
            best_fitter, best_seconds = fitter, seconds
        if seconds > SLOW_FIT_SECONDS:
            break
    return best_fitter, best_seconds


def bgnbd_log_likelihood(r, alpha, a, b, x, t_x, T):
    """Total BG/NBD log-likelihood (Fader, Hardie & Lee 2005, eq. 6) on unscaled data, written out independently of
    lifetimes to check the conversion of its mean negative log-likelihood on scaled time."""
    common = gammaln(r + x) - gammaln(r) + r * math.log(alpha)
    common += gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    still_alive = -(r + x) * np.log(alpha + T)
    dropped = np.where(
        x > 0,
        math.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + t_x),
        -np.inf,
    )
    return float(np.sum(common + np.logaddexp(still_alive, dropped)))


def gamma_gamma_log_likelihood(p, q, v, x, m):
    """Total Gamma-Gamma log-likelihood of the observed mean spends m given x repeat purchases (Fader, Hardie & Lee
    2005, iso-value curves; Hardie's note 025, eq. 1a)."""
    return float(np.sum(
        gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * math.log(v)
        + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(x * m + v)
    ))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python lifetimes_fit.py summary.csv > lifetimes.json")
    warnings.simplefilter("ignore")
    summary = pd.read_csv(sys.argv[1])
    x = summary["frequency"].to_numpy(dtype=float)
    t_x = summary["recency"].to_numpy(dtype=float)
    T = summary["T"].to_numpy(dtype=float)
    spend = summary["monetary_value"].to_numpy(dtype=float)
    if np.any(x != np.round(x)):
        sys.exit("frequency must be whole numbers (lifetimes casts it to int)")

    bg, bg_seconds = timed_fit(lambda: BetaGeoFitter(penalizer_coef=0.0).fit(x, t_x, T))
    r, alpha, a, b = (float(bg.params_[name]) for name in ("r", "alpha", "a", "b"))
    n = len(x)
    # lifetimes fits on time scaled by s = 1 / max(T) and keeps the MEAN negative log-likelihood there; each repeat
    # purchase time contributes a factor 1/s to the density on the original scale.
    scale = float(bg._scale)
    bg_total = -float(bg._negative_log_likelihood_) * n + float(np.sum(x)) * math.log(scale)
    bg_check = bgnbd_log_likelihood(r, alpha, a, b, x, t_x, T)

    repeat = x > 0
    x_repeat, m_repeat = x[repeat], spend[repeat]
    gg, gg_seconds = timed_fit(lambda: GammaGammaFitter(penalizer_coef=0.0).fit(x_repeat, m_repeat))
    p, q, v = (float(gg.params_[name]) for name in ("p", "q", "v"))
    gg_total = -float(gg._negative_log_likelihood_) * int(repeat.sum())
    gg_check = gamma_gamma_log_likelihood(p, q, v, x_repeat, m_repeat)

    json.dump({
        "lifetimes": lifetimes.__version__,
        "numpy": np.__version__,
        "customers": n,
        "bgnbd": {
            "r": r, "alpha": alpha, "a": a, "b": b,
            "logLikelihood": bg_total,
            "logLikelihoodRecomputed": bg_check,
            "timeScale": scale,
            "seconds": bg_seconds,
        },
        "gammaGamma": {
            "p": p, "q": q, "v": v,
            "customers": int(repeat.sum()),
            "logLikelihood": gg_total,
            "logLikelihoodRecomputed": gg_check,
            "seconds": gg_seconds,
        },
    }, sys.stdout, indent=2)
    print()
    for name, reported, recomputed in (("BG/NBD", bg_total, bg_check), ("Gamma-Gamma", gg_total, gg_check)):
        if abs(reported - recomputed) > 1e-6 * max(1.0, abs(recomputed)):
            sys.exit(f"{name}: lifetimes' log-likelihood converted to a total ({reported}) differs from the formula "
                     f"evaluated here ({recomputed})")


if __name__ == "__main__":
    main()
