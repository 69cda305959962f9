"""Generate ``bazi/data/solar_terms.txt``: the 24 solar terms over the whole DE423 range.

With it ``bazi/data/solar_terms.bin``, the same table packed (``bazi.terms.pack_table``: the
header as written, the instants as 64-bit integers), which the package reads instead of
parsing the text; both SHA-256 are pinned in ``bazi/terms.py``.

A solar term is the instant when the Sun's apparent geocentric ecliptic longitude (true equinox
and ecliptic of date; light time, deflection, aberration and nutation included) reaches a
multiple of 15 degrees.  Roots are found in TT with a per-term secant iteration, then written
in civil time (UT1 before 1972, UTC from 1972; see ``ephem.tt_to_civil_ms``).

Run from the repository root::

    python tools/make_solar_terms.py

The run also recomputes 1900-2049 from JPL DE421 and exits non-zero if any term differs from
the DE423 one by more than 100 ms.
"""

from __future__ import annotations

import hashlib
import re
import sys
import time
from pathlib import Path

import ephem
import numpy as np
from ephem import FloatArray, IntArray
from skyfield.timelib import Time

sys.path.insert(0, str(ephem.REPO_ROOT))
from bazi.terms import pack_table  # the runtime's packing, shared

OUTPUT = Path("bazi/data/solar_terms.txt")
PACKED = Path("bazi/data/solar_terms.bin")  # OUTPUT, packed
PINNED_IN = Path("bazi/terms.py")  # holds TABLE_SHA256 and PACKED_SHA256: OUTPUT's, PACKED's
GENERATOR = "python tools/make_solar_terms.py"
TOLERANCE_S = 1e-6
ITERATIONS = 6
#: Mean rate of the Sun's longitude, degrees per TT day (also the first secant slope).
MEAN_RATE = 0.9856474
CROSS_CHECK_YEARS = ephem.CROSS_CHECK_YEARS
CROSS_CHECK_LIMIT_MS = 100.0
J2000 = 2451545.0


def approximate_longitude(days: FloatArray) -> FloatArray:
    """Low-precision apparent solar longitude (degrees, unwrapped) ``days`` after J2000 TT.

    Mean longitude plus the two main equation-of-centre terms: good to about 0.01 degree,
    which is all the starting guesses need.
    """
    anomaly = np.radians(357.528 + 0.9856003 * days)
    mean = 280.460 + MEAN_RATE * days
    return np.asarray(mean + 1.915 * np.sin(anomaly) + 0.020 * np.sin(2 * anomaly))


def guess_days(n: IntArray) -> FloatArray:
    """TT days after J2000 when the approximate longitude reaches ``15 n`` degrees."""
    target = 15.0 * n.astype(np.float64)
    days: FloatArray = (target - 280.460) / MEAN_RATE
    for _ in range(3):  # fixed-point refinement with the mean rate
        days = days - (approximate_longitude(days) - target) / MEAN_RATE
    return np.asarray(days)


def term_indices(jd_lo: float, jd_hi: float) -> IntArray:
    """Indices ``n`` (longitude ``15 n`` unwrapped) whose guessed TT lies in [jd_lo, jd_hi]."""
    lo, hi = approximate_longitude(np.array([jd_lo - J2000, jd_hi - J2000]))
    first, last = int(np.floor(lo / 15.0)) - 2, int(np.ceil(hi / 15.0)) + 2
    n = np.arange(first, last + 1, dtype=np.int64)
    days = guess_days(n)
    return n[(days + J2000 >= jd_lo) & (days + J2000 <= jd_hi)]


def solve_terms(kernel: ephem.Kernel, n: IntArray) -> tuple[FloatArray, FloatArray]:
    """TT (whole JD at noon, fraction) of the terms ``n`` with the given ephemeris.

    ``kernel`` maps NAIF codes to skyfield vector functions (DE423 legacy kernel or a
    skyfield ``SpiceKernel``).  Each term is solved on its own (elementwise), so the result for
    a term does not depend on the other terms of the batch.
    """
    earth, sun = kernel[399], kernel[10]
    targets = (15.0 * n) % 360.0
    jd = guess_days(n) + J2000
    whole = np.floor(jd + 0.5)  # noon-based whole Julian date, fraction in [-0.5, 0.5)
    fraction = jd - whole

    def offset(t: Time) -> FloatArray:
        (longitude,) = ephem.apparent_longitudes(earth, [sun], t)
        return ephem.wrap_degrees(longitude - targets)

    fraction = ephem.secant_roots(offset, whole, fraction, MEAN_RATE, ITERATIONS, TOLERANCE_S)
    return whole, fraction


def data_lines(n: IntArray, whole: FloatArray, fraction: FloatArray) -> list[str]:
    """``<longitude> <instant>`` data lines."""
    longitudes = (15 * n) % 360
    instants = ephem.format_instants(whole, fraction)
    return [f"{int(lon)} {instant}" for lon, instant in zip(longitudes, instants, strict=True)]


def year_jd_range(year: int, margin_days: float = 3.0) -> tuple[float, float]:
    """TT Julian dates bracketing civil calendar ``year``, with a margin on both sides."""
    first = ephem.civil_iso_to_tt_jd(f"{year:04d}-01-01T00:00:00.000Z")
    last = ephem.civil_iso_to_tt_jd(f"{year + 1:04d}-01-01T00:00:00.000Z")
    return first - margin_days, last + margin_days


def table_lines_for_year(year: int) -> list[str]:
    """The table's data lines whose instant falls in civil (UTC/UT1) calendar ``year``."""
    lo, hi = year_jd_range(year)
    jd_lo, jd_hi = ephem.de423_kernel().jd_range
    n = term_indices(max(lo, jd_lo + 1.0), min(hi, jd_hi - 1.0))
    whole, fraction = solve_terms(ephem.de423_kernel(), n)
    lines = data_lines(n, whole, fraction)
    return [line for line in lines if line.split(" ")[1].startswith(f"{year:04d}-")]


def cross_check(
    n: IntArray, whole: FloatArray, fraction: FloatArray, lines: list[str]
) -> tuple[int, float]:
    """Recompute the 1900-2049 terms with DE421; return (count, max |difference| in ms)."""
    first, last = CROSS_CHECK_YEARS
    years = np.array([int(line.split(" ")[1][:4]) for line in lines])
    chosen = (years >= first) & (years <= last)
    w421, f421 = solve_terms(ephem.de421_kernel(), n[chosen])
    diff_days = (w421 - whole[chosen]) + (f421 - fraction[chosen])
    return int(chosen.sum()), float(np.max(np.abs(diff_days))) * 86_400_000.0


def main() -> int:
    """Compute every term in the DE423 range, cross-check with DE421 and write the table."""
    started = time.perf_counter()
    jd_lo, jd_hi = ephem.de423_kernel().jd_range
    # One day of margin keeps light-time evaluations inside the ephemeris.
    n = term_indices(jd_lo + 1.0, jd_hi - 1.0)
    whole, fraction = solve_terms(ephem.de423_kernel(), n)
    lines = data_lines(n, whole, fraction)
    solved = time.perf_counter()
    count, max_ms = cross_check(n, whole, fraction, lines)
    print(
        f"solved {len(lines)} terms in {solved - started:.1f} s; DE421 check of {count} terms:"
        f" max {max_ms:.3f} ms ({time.perf_counter() - solved:.1f} s)"
    )
    if max_ms > CROSS_CHECK_LIMIT_MS:
        print(f"error: DE423 and DE421 differ by {max_ms:.3f} ms", file=sys.stderr)
        return 1
    first_lon, first_instant = lines[0].split(" ")
    last_lon, last_instant = lines[-1].split(" ")
    header = [
        ("format", "1"),
        (
            "content",
            "instants when the Sun's apparent geocentric ecliptic longitude (true equinox and "
            "ecliptic of date; light time, aberration, nutation) is a multiple of 15 degrees",
        ),
        ("columns", "longitude_degrees instant   (instant: ISO 8601 with milliseconds, Z)"),
        *ephem.root_finding_rows(TOLERANCE_S, f"{count} terms", max_ms),
        ("generator", GENERATOR),
        (
            "coverage",
            f"{first_instant} ({first_lon}) to {last_instant} ({last_lon}), {len(lines)} terms",
        ),
    ]
    ephem.write_table(ephem.REPO_ROOT / OUTPUT, "bazi solar-term table", header, lines)
    data = (ephem.REPO_ROOT / OUTPUT).read_bytes()
    packed = pack_table(data)
    (ephem.REPO_ROOT / PACKED).write_bytes(packed)
    code = ephem.REPO_ROOT / PINNED_IN
    source = pin_sha256(code.read_text(encoding="utf-8"), hashlib.sha256(data).hexdigest())
    source = pin_sha256(source, hashlib.sha256(packed).hexdigest(), "PACKED_SHA256")
    code.write_text(source, encoding="utf-8")
    print(
        f"wrote {OUTPUT} and {PACKED} in {time.perf_counter() - started:.1f} s; "
        f"pinned in {PINNED_IN}"
    )
    return 0


def pin_sha256(source: str, digest: str, name: str = "TABLE_SHA256") -> str:
    """``source`` (bazi/terms.py) with ``name`` (``TABLE_SHA256`` or ``PACKED_SHA256``) set
    to ``digest``."""
    pinned, count = re.subn(
        rf'^{name} = "[0-9a-f]{{64}}"$', f'{name} = "{digest}"', source, flags=re.M
    )
    if count != 1:
        raise RuntimeError(f"{PINNED_IN} has no single {name} line to update")
    return pinned


if __name__ == "__main__":
    sys.exit(main())
