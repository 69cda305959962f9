"""Generate ``tests/data/equation_of_time.txt``: reference equation-of-time values from DE423.

EoT = apparent solar time - mean solar time at Greenwich
    = (Greenwich apparent hour angle of the apparent Sun of date + 12 h) - UT1
    = (GAST - apparent right ascension of the Sun of date + 12 h) - UT1,
in seconds, normalised to (-43200, 43200].  The instants are a fixed arithmetic sequence (no
random numbers) over 1800-01-10 .. 2199-12-20, read as civil time by the rule of the other
tables (UT1 before 1972, UTC from 1972; see ``ephem.civil_ms_to_tt``).

Run from the repository root::

    python tools/make_equation_of_time.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import ephem
import numpy as np
from ephem import FloatArray

OUTPUT = Path("tests/data/equation_of_time.txt")
GENERATOR = "python tools/make_equation_of_time.py"
FIRST, LAST = "1800-01-10T00:00:00.000Z", "2199-12-20T00:00:00.000Z"
#: 3990 rather than 4000: then ten strides are not a whole year (see ``sample_instants``).
SAMPLES = 3990
#: Time-of-day jitter per sample, ms (about 0.618 of a day: a golden-ratio sequence, so the
#: times of day spread evenly; not a multiple of 2, 3 or 5, so it never repeats a time).
JITTER_MS = 53_398_139
HALF_DAY_S = 43_200.0


def sample_instants() -> list[int]:
    """The sampled civil instants (ms since JD 0.0): a fixed stride plus a time of day.

    The stride is about 36.62 days, so ten strides are a day longer than a year: the ten
    samples of a year move one day later each year and every day of the year is visited
    every ~37 years, evenly over the months, in all four centuries.
    """
    first, last = ephem.iso_to_ms(FIRST), ephem.iso_to_ms(LAST)
    stride = (last - first - ephem.MS_PER_DAY) // (SAMPLES - 1)
    return [first + i * stride + (i * JITTER_MS) % ephem.MS_PER_DAY for i in range(SAMPLES)]


def equation_of_time_s(whole: FloatArray, fraction: FloatArray) -> FloatArray:
    """Equation of time (seconds, in (-43200, 43200]) at TT ``whole + fraction``."""
    kernel = ephem.de423_kernel()
    t = ephem.tt_time(whole, fraction)
    ra, _, _ = kernel[399].at(t).observe(kernel[10]).apparent().radec(epoch="date")
    apparent_solar_s = ((t.gast - ra.hours + 12.0) % 24.0) * 3600.0
    # Mean solar time at Greenwich: UT1 time of day (``whole`` is a noon Julian date).
    mean_solar_s = ((np.asarray(t.ut1_fraction) + 0.5) % 1.0) * 86400.0
    difference = apparent_solar_s - mean_solar_s
    return np.asarray(HALF_DAY_S - (HALF_DAY_S - difference) % 86400.0)


def format_seconds(value: float) -> str:
    """Seconds with 3 decimals, rounded half-to-even on the exact binary value, no "-0.000"."""
    ms = round(Fraction(float(value)) * 1000)
    sign = "-" if ms < 0 else ""
    return f"{sign}{abs(ms) // 1000}.{abs(ms) % 1000:03d}"


def data_lines(civil_ms: Sequence[int]) -> list[str]:
    """``<instant> <eot seconds>`` lines for the given civil instants."""
    whole, fraction = ephem.civil_ms_to_tt(civil_ms)
    values = equation_of_time_s(whole, fraction)
    return [
        f"{ephem.format_ms(ms)} {format_seconds(v)}" for ms, v in zip(civil_ms, values, strict=True)
    ]


def main() -> int:
    """Compute and write the equation-of-time reference table."""
    started = time.perf_counter()
    lines = data_lines(sample_instants())
    header = [
        ("format", "1"),
        (
            "content",
            "equation of time = apparent solar time - mean solar time at Greenwich = (Greenwich "
            "apparent hour angle of the apparent Sun of date + 12 h) - UT1 = (GAST - apparent "
            "right ascension of the Sun, true equator and equinox of date + 12 h) - UT1, in "
            "seconds, normalised to (-43200, 43200]",
        ),
        ("columns", "instant eot_seconds   (instant: ISO 8601 with milliseconds, Z; 3 decimals)"),
        ("ephemeris", ephem.ephemeris_text() + "; GAST from skyfield (IAU 2006/2000A)"),
        (
            "sampling",
            f"{SAMPLES} instants: {FIRST} + i * stride + (i * {JITTER_MS} ms mod 1 day), "
            f"i = 0..{SAMPLES - 1}, stride = (span - 1 day) // {SAMPLES - 1}, span up to {LAST}",
        ),
        (
            "time scale",
            "instants are " + ephem.time_scale_text() + "; mean solar time is always UT1 = TT - "
            "delta T (UT1 - UTC reaches -152 s by 2200 in this delta T model; the EoT changes "
            "by at most 0.35 ms per second)",
        ),
        ("delta T", ephem.delta_t_text()),
        ("generator", GENERATOR),
        ("coverage", f"{lines[0].split(' ')[0]} to {lines[-1].split(' ')[0]}, {len(lines)} values"),
    ]
    ephem.write_table(ephem.REPO_ROOT / OUTPUT, "bazi equation-of-time reference", header, lines)
    print(f"wrote {OUTPUT}: {len(lines)} values in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
