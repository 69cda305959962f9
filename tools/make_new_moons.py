"""Generate ``tests/data/new_moons.txt``: every new moon from 1899-11-01 to 2101-02-28.

A new moon is the instant when the Moon's apparent geocentric ecliptic longitude equals the
Sun's (both of date: true equinox and ecliptic, light time, deflection, aberration and
nutation).  Roots are found in TT from DE423 and written in civil time (UT1 before 1972, UTC
from 1972; see ``ephem.tt_to_civil_ms``).  The 1900-2049 new moons are recomputed from DE421
for the header's cross-check line.

Run from the repository root::

    python tools/make_new_moons.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import ephem
import numpy as np
from ephem import FloatArray, IntArray
from skyfield.timelib import Time

OUTPUT = Path("tests/data/new_moons.txt")
GENERATOR = "python tools/make_new_moons.py"
FIRST_DATE, LAST_DATE = "1899-11-01", "2101-02-28"
TOLERANCE_S = 1e-6
ITERATIONS = 8
#: Mean synodic rate of the Moon's elongation, degrees per day (first secant slope).
MEAN_RATE = 360.0 / 29.530588861
CROSS_CHECK_YEARS = ephem.CROSS_CHECK_YEARS
#: Mean new moon of lunation 0 (2000-01-06, TT) and the mean synodic month (days).
EPOCH_JD, SYNODIC_MONTH = 2451550.09766, 29.530588861


def guess_jd(k: IntArray) -> FloatArray:
    """Approximate TT Julian date of new moon number ``k`` (0 = 2000-01-06).

    The mean lunation plus the two largest periodic terms (lunar and solar anomalies), good
    to an hour or so: a starting point for the secant iteration only.
    """
    sun_anomaly = np.radians(2.5534 + 29.10535670 * k)
    moon_anomaly = np.radians(201.5643 + 385.81693528 * k)
    mean = EPOCH_JD + SYNODIC_MONTH * k
    return np.asarray(mean - 0.40720 * np.sin(moon_anomaly) + 0.17241 * np.sin(sun_anomaly))


def solve_new_moons(kernel: ephem.Kernel, k: IntArray) -> tuple[FloatArray, FloatArray]:
    """TT (whole JD at noon, fraction) of new moons ``k`` with the given ephemeris."""
    earth, moon, sun = kernel[399], kernel[301], kernel[10]
    jd = guess_jd(k)
    whole = np.floor(jd + 0.5)
    fraction = jd - whole

    def elongation(t: Time) -> FloatArray:
        moon_lon, sun_lon = ephem.apparent_longitudes(earth, [moon, sun], t)
        return ephem.wrap_degrees(moon_lon - sun_lon)

    fraction = ephem.secant_roots(elongation, whole, fraction, MEAN_RATE, ITERATIONS, TOLERANCE_S)
    return whole, fraction


def lunation_range(first_date: str, last_date: str) -> IntArray:
    """Lunation numbers whose new moon may fall between the two ISO dates (with margin)."""
    jd_lo, jd_hi = (
        ephem.civil_iso_to_tt_jd(f"{date}T00:00:00.000Z") for date in (first_date, last_date)
    )
    first = int(np.floor((jd_lo - EPOCH_JD) / SYNODIC_MONTH)) - 1
    last = int(np.ceil((jd_hi - EPOCH_JD) / SYNODIC_MONTH)) + 1
    return np.arange(first, last + 1, dtype=np.int64)


def table_lines_between(first_date: str, last_date: str) -> list[str]:
    """The data lines of new moons on civil dates ``first_date`` .. ``last_date`` (inclusive)."""
    k = lunation_range(first_date, last_date)
    instants = ephem.format_instants(*solve_new_moons(ephem.de423_kernel(), k))
    return [s for s in instants if first_date <= s[:10] <= last_date]


def main() -> int:
    """Compute, cross-check against DE421 and write the new-moon table."""
    started = time.perf_counter()
    k = lunation_range(FIRST_DATE, LAST_DATE)
    whole, fraction = solve_new_moons(ephem.de423_kernel(), k)
    instants = ephem.format_instants(whole, fraction)
    keep = np.array([FIRST_DATE <= s[:10] <= LAST_DATE for s in instants])
    lines = [s for s, chosen in zip(instants, keep, strict=True) if chosen]

    years = np.array([int(s[:4]) for s in instants])
    check = keep & (years >= CROSS_CHECK_YEARS[0]) & (years <= CROSS_CHECK_YEARS[1])
    w421, f421 = solve_new_moons(ephem.de421_kernel(), k[check])
    diff_days = (w421 - whole[check]) + (f421 - fraction[check])
    max_ms = float(np.max(np.abs(diff_days))) * 86_400_000.0

    header = [
        ("format", "1"),
        (
            "content",
            "instants of new moon: the Moon's apparent geocentric ecliptic longitude equals the "
            "Sun's (both true equinox and ecliptic of date; light time, aberration, nutation)",
        ),
        ("columns", "instant   (instant: ISO 8601 with milliseconds, Z)"),
        *ephem.root_finding_rows(TOLERANCE_S, f"{int(check.sum())} new moons", max_ms),
        ("generator", GENERATOR),
        ("coverage", f"{lines[0]} to {lines[-1]}, {len(lines)} new moons"),
    ]
    ephem.write_table(ephem.REPO_ROOT / OUTPUT, "bazi new-moon reference table", header, lines)
    print(
        f"wrote {OUTPUT}: {len(lines)} new moons, DE421 max {max_ms:.3f} ms, "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
