"""Shared ephemeris code for the offline table generators in ``tools/``.

The generators compute from JPL DE423 as shipped in the PyPI package ``de423`` (legacy
Chebyshev ``.npy`` files read by :class:`jplephem.ephem.Ephemeris`) and let skyfield do the
light time, deflection, aberration, precession and nutation.  This module holds:

* :class:`LegacyKernel` / :class:`LegacyBody`: the DE423 files dressed up as skyfield vector
  functions (barycentric Sun, Earth, Moon, and the deflectors skyfield asks for);
* the apparent ecliptic longitude of date and a vectorised secant root finder in TT;
* the TT -> civil-time rule of the tables (UT1 before 1972, UTC from 1972) with exact
  millisecond rounding, and the inverse used for sampled instants;
* header / file writing helpers (``# key: value`` lines, sha256 over the data lines).

Everything is deterministic: the same inputs give the same bytes on every run.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import importlib.metadata
import warnings
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Protocol

import numpy as np
from jplephem.ephem import Ephemeris
from numpy.typing import NDArray
from skyfield.api import Loader, load
from skyfield.constants import AU_KM
from skyfield.framelib import ecliptic_frame
from skyfield.jpllib import SpiceKernel
from skyfield.timelib import Time, Timescale
from skyfield.vectorlib import VectorFunction

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Repository root (the generators write repo-relative paths below it).
REPO_ROOT = Path(__file__).resolve().parent.parent

MS_PER_DAY = 86_400_000
#: TT - TAI in milliseconds.
TT_MINUS_TAI_MS = 32_184
#: Julian date (UTC) of 1972-01-01T00:00:00: UTC is used from this instant on, UT1 before it.
UTC_START_JD = 2441317.5
#: Proleptic Gregorian ordinal of the civil date whose noon is Julian date 0 (JD + this = ordinal).
JD_NOON_TO_ORDINAL = -1721425

#: Bodies provided by :class:`LegacyKernel`, by NAIF code.  Skyfield's ``apparent()`` asks for
#: the Sun (10) and, as Jupiter 599 / Saturn 699 are absent, their barycentres 5 and 6.
_LEGACY_CODES = (3, 5, 6, 10, 301, 399)


def version(package: str) -> str:
    """Installed version of ``package`` (for the provenance headers)."""
    return importlib.metadata.version(package)


# --------------------------------------------------------------------------------------------
# Ephemerides as skyfield vector functions


class Kernel(Protocol):
    """What the generators need of an ephemeris: vector functions by NAIF code."""

    def __getitem__(self, code: int) -> VectorFunction: ...


class LegacyKernel:
    """A jplephem legacy (``.npy``) ephemeris offering skyfield vector functions by NAIF code.

    Positions are barycentric (ICRF/DE axes).  The legacy files hold the Earth-Moon barycentre
    ('earthmoon'), the geocentric Moon ('moon') and barycentric planets ('sun', 'jupiter', ...);
    the Earth is EMB - moon / (1 + EMRAT) and the barycentric Moon EMB + moon * EMRAT / (1 + EMRAT).
    """

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.ephemeris = Ephemeris(module)
        self.jd_range = (float(self.ephemeris.jalpha), float(self.ephemeris.jomega))
        self._bodies = {code: LegacyBody(self, code) for code in _LEGACY_CODES}

    def __contains__(self, code: object) -> bool:
        return code in self._bodies

    def __getitem__(self, code: int) -> LegacyBody:
        return self._bodies[code]

    def _pv(self, name: str, whole: FloatArray, fraction: FloatArray) -> tuple[FloatArray, ...]:
        """Position (km) and velocity (km/day) of one series at TDB ``whole + fraction``.

        The Chebyshev series are evaluated here rather than by ``Ephemeris.position_and_velocity``
        because jplephem forms ``(whole - start) + fraction`` first, a number up to 146000 days
        whose rounding (up to 2.5 microseconds) would limit the roots; here the interval index
        comes from ``whole`` alone and ``fraction`` is added to the offset inside the interval.
        """
        coefficients = self.ephemeris.load(name)  # (intervals, 3 axes, terms)
        intervals, _, terms = coefficients.shape
        start, end = self.jd_range
        span = (end - start) / intervals  # whole days (32, 16, 8 or 4)
        index, offset = np.divmod(whole - start, span)
        offset = offset + fraction
        carry = np.floor(offset / span)
        index, offset = index + carry, offset - carry * span
        # The very end of the range belongs to the last interval.
        last = index == intervals
        index, offset = np.where(last, index - 1, index), np.where(last, offset + span, offset)
        if np.any(index < 0) or np.any(index >= intervals):
            raise ValueError(f"{self.module.__name__} covers only JD {start} to {end}")
        coefficients = coefficients[index.astype(np.int64)]
        x = 2.0 * offset / span - 1.0
        # Chebyshev polynomials T_k(x) and their derivatives, accumulated term by term.
        t_prev, t_curr = np.ones_like(x), x
        d_prev, d_curr = np.zeros_like(x), np.ones_like(x)
        pos = coefficients[:, :, 0].T * t_prev + coefficients[:, :, 1].T * t_curr
        vel = coefficients[:, :, 1].T * d_curr
        for k in range(2, terms):
            t_prev, t_curr = t_curr, 2.0 * x * t_curr - t_prev
            d_prev, d_curr = d_curr, 2.0 * x * d_curr - d_prev + 2.0 * t_prev
            pos = pos + coefficients[:, :, k].T * t_curr
            vel = vel + coefficients[:, :, k].T * d_curr
        return pos, vel * (2.0 / span)

    def state(self, code: int, t: Time) -> tuple[FloatArray, FloatArray]:
        """Barycentric position (au) and velocity (au/day) of body ``code`` at ``t``."""
        shape = np.shape(t.tdb_fraction)
        whole = np.atleast_1d(np.broadcast_to(t.whole, shape)).astype(np.float64)
        fraction = np.atleast_1d(np.asarray(t.tdb_fraction, dtype=np.float64))
        names = {3: "earthmoon", 5: "jupiter", 6: "saturn", 10: "sun"}
        if code in names:
            pos, vel = self._pv(names[code], whole, fraction)
        else:  # Earth or Moon: the Earth-Moon barycentre plus a share of the geocentric Moon.
            emb_p, emb_v = self._pv("earthmoon", whole, fraction)
            moon_p, moon_v = self._pv("moon", whole, fraction)
            share = self.ephemeris.moon_share if code == 301 else -self.ephemeris.earth_share
            pos, vel = emb_p + share * moon_p, emb_v + share * moon_v
        out_shape = (3, *shape)
        return pos.reshape(out_shape) / AU_KM, vel.reshape(out_shape) / AU_KM


class LegacyBody(VectorFunction):  # type: ignore[misc]  # skyfield is untyped
    """Skyfield vector function: solar-system barycentre (0) -> ``target`` from a legacy kernel."""

    def __init__(self, kernel: LegacyKernel, target: int) -> None:
        self.kernel = kernel
        self.center = 0
        self.target = target
        # skyfield looks up deflectors (Sun, Jupiter, Saturn) in the observer's ``ephemeris``.
        self.ephemeris = kernel

    def _at(self, t: Time) -> tuple[FloatArray, FloatArray, None, None]:
        # No GCRS observer offset: the observer is the geocentre, so no Earth deflection applies.
        pos, vel = self.kernel.state(self.target, t)
        return pos, vel, None, None


@functools.cache
def de423_kernel() -> LegacyKernel:
    """DE423 from the ``de423`` package (1799-12-16 .. 2200-02-02)."""
    import de423

    return LegacyKernel(de423)


@functools.cache
def de421_kernel() -> SpiceKernel:
    """DE421 (``de421.bsp``) from the ``skyfield-data`` package, for cross-checks."""
    from skyfield_data import get_skyfield_data_path

    # skyfield-data warns that its bundled finals2000A.all has expired; we do not use that file.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        path = get_skyfield_data_path()
    return Loader(path, verbose=False)("de421.bsp")


@functools.cache
def timescale() -> Timescale:
    """Skyfield's builtin timescale (bundled IERS Delta T table and leap seconds)."""
    return load.timescale(builtin=True)


# --------------------------------------------------------------------------------------------
# Apparent places and root finding


def wrap_degrees(angle: FloatArray) -> FloatArray:
    """Map degrees to [-180, 180)."""
    return np.asarray((angle + 180.0) % 360.0 - 180.0, dtype=np.float64)


def tt_time(whole: FloatArray, fraction: FloatArray) -> Time:
    """Skyfield Time for TT Julian date ``whole + fraction`` (kept as a pair for precision)."""
    return timescale().tt_jd(whole, fraction)


def apparent_longitudes(
    earth: VectorFunction, bodies: Sequence[VectorFunction], t: Time
) -> list[FloatArray]:
    """Apparent geocentric ecliptic longitudes (degrees, true equinox and ecliptic of date).

    Light time, gravitational deflection (Sun, Jupiter, Saturn), annual aberration, precession
    and nutation are all applied by skyfield.
    """
    observer = earth.at(t)
    return [
        observer.observe(body).apparent().frame_latlon(ecliptic_frame)[1].degrees for body in bodies
    ]


def secant_roots(
    func: Callable[[Time], FloatArray],
    whole: FloatArray,
    fraction: FloatArray,
    rate: float,
    iterations: int,
    tolerance_s: float,
) -> FloatArray:
    """Solve ``func(t) == 0`` near the TT guesses ``whole + fraction``; return the fractions.

    ``func`` returns degrees (already wrapped to +-180) and ``rate`` is a rough derivative in
    degrees per day.  Every element follows its own secant iteration for a fixed number of
    steps, so a root does not depend on which other roots are solved in the same batch.  Once
    a step falls below 1e-7 day the secant slope is frozen (a smaller difference would mostly
    be rounding noise).  Raises if the remaining correction exceeds ``tolerance_s`` anywhere.
    """
    fraction = np.array(fraction, dtype=np.float64)
    slope = np.full(fraction.shape, rate)
    value = func(tt_time(whole, fraction))
    for _ in range(iterations):
        step = -value / slope
        fraction = fraction + step
        new_value = func(tt_time(whole, fraction))
        usable = np.abs(step) > 1e-7
        slope = np.where(usable, (new_value - value) / np.where(usable, step, 1.0), slope)
        value = new_value
    residual_s = float(np.max(np.abs(value / slope), initial=0.0)) * 86400.0
    if residual_s >= tolerance_s:
        raise RuntimeError(f"root finding did not converge: residual {residual_s:.3g} s")
    return fraction


# --------------------------------------------------------------------------------------------
# Civil time


@functools.cache
def _leap_table() -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    """Skyfield's builtin leap seconds, in milliseconds.

    Returns (TAI - UTC before the first change, UTC instants of the changes counted from
    JD 0.0, TAI - UTC from each change on).  The last value stays in force after the table.
    """
    ts = timescale()
    dates = [float(d) for d in ts.leap_dates]
    if not np.all(np.isfinite(dates)):
        raise RuntimeError("unexpected legacy leap-second table")
    starts = tuple(round(d * MS_PER_DAY) for d in dates)
    offsets = tuple(round(float(o)) * 1000 for o in ts.leap_offsets)
    # skyfield stores the value after each change; each change since 1972 is one second.
    return offsets[0] - 1000, starts, offsets


def _tai_minus_utc_at_utc(utc_ms: int) -> int:
    """TAI - UTC (ms) in force at a UTC instant (ms since JD 0.0)."""
    initial, starts, offsets = _leap_table()
    index = bisect.bisect_right(starts, utc_ms)
    return offsets[index - 1] if index else initial


def last_leap_second_date() -> str:
    """ISO date from which the last TAI - UTC value in skyfield's table applies."""
    return iso_date(round(float(timescale().leap_dates[-1]) + 0.5))


def iso_date(jd_noon: int) -> str:
    """ISO calendar date (proleptic Gregorian) of the day whose noon is Julian date ``jd_noon``."""
    return dt.date.fromordinal(jd_noon + JD_NOON_TO_ORDINAL).isoformat()


def tt_to_civil_ms(whole: FloatArray, fraction: FloatArray) -> list[int]:
    """Civil instants, in integer milliseconds since JD 0.0, for TT ``whole + fraction``.

    The rule of the tables: before 1972-01-01 civil time is UT1 = TT - Delta T (skyfield's
    builtin Delta T, evaluated at TT); from 1972-01-01 it is UTC = TT - 32.184 s - (TAI - UTC)
    with skyfield's builtin leap seconds (the last value kept after the table ends).  The
    conversion is done exactly on the binary floating-point values (``fractions.Fraction``)
    and rounded half-to-even to the millisecond, so it is deterministic.
    """
    whole = np.asarray(whole, dtype=np.float64)
    fraction = np.asarray(fraction, dtype=np.float64)
    delta_t = np.atleast_1d(tt_time(whole, fraction).delta_t)
    initial, starts, offsets = _leap_table()
    # The TAI instants at which each new TAI - UTC value takes effect.
    tai_starts = [start + offset for start, offset in zip(starts, offsets, strict=True)]
    utc_start_tt_ms = int(UTC_START_JD * MS_PER_DAY) + TT_MINUS_TAI_MS + initial
    out = []
    for w, f, d in zip(whole.ravel(), fraction.ravel(), delta_t.ravel(), strict=True):
        tt_ms = int(w) * MS_PER_DAY + Fraction(float(f)) * MS_PER_DAY  # exact
        if tt_ms < utc_start_tt_ms:
            civil = tt_ms - Fraction(float(d)) * 1000
        else:
            tai_ms = tt_ms - TT_MINUS_TAI_MS
            index = bisect.bisect_right(tai_starts, tai_ms)
            civil = tai_ms - (offsets[index - 1] if index else initial)
            # Inside an inserted leap second (23:59:60) there is no plain UTC label: refuse.
            if index < len(starts) and civil >= starts[index]:
                raise ValueError("instant falls inside a leap second")
        out.append(round(civil))  # Fraction rounding is round-half-even on the exact value
    return out


def civil_ms_to_tt(civil_ms: Sequence[int]) -> tuple[FloatArray, FloatArray]:
    """Inverse of :func:`tt_to_civil_ms`: TT as (whole JD at noon, fraction of day) arrays."""
    utc_start_ms = int(UTC_START_JD * MS_PER_DAY)
    whole = np.array([(ms + MS_PER_DAY // 2) // MS_PER_DAY for ms in civil_ms], dtype=np.float64)
    civil_fraction = np.array(
        [(ms - int(w) * MS_PER_DAY) / MS_PER_DAY for ms, w in zip(civil_ms, whole, strict=True)]
    )
    is_ut1 = np.array([ms < utc_start_ms for ms in civil_ms], dtype=bool)
    offset_days = np.array(
        [
            0.0 if ut1 else (TT_MINUS_TAI_MS + _tai_minus_utc_at_utc(ms)) / MS_PER_DAY
            for ms, ut1 in zip(civil_ms, is_ut1, strict=True)
        ]
    )
    # UT1: TT = UT1 + Delta T(TT); three fixed-point passes converge far below a microsecond.
    delta_t = timescale().delta_t_function
    for _ in range(3):
        guess_tt = whole + civil_fraction + offset_days
        offset_days = np.where(is_ut1, delta_t(guess_tt) / 86400.0, offset_days)
    return whole, civil_fraction + offset_days


def format_ms(civil_ms: int) -> str:
    """``YYYY-MM-DDTHH:MM:SS.fffZ`` for integer milliseconds since JD 0.0."""
    day, ms_of_day = divmod(civil_ms + MS_PER_DAY // 2, MS_PER_DAY)
    seconds, ms = divmod(ms_of_day, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return f"{iso_date(day)}T{hour:02d}:{minute:02d}:{second:02d}.{ms:03d}Z"


def iso_to_ms(text: str) -> int:
    """Inverse of :func:`format_ms`: milliseconds since JD 0.0 of ``YYYY-MM-DDTHH:MM:SS.fffZ``."""
    stamp = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    jd_noon = stamp.date().toordinal() - JD_NOON_TO_ORDINAL
    ms_of_day = ((stamp.hour * 60 + stamp.minute) * 60 + stamp.second) * 1000
    return jd_noon * MS_PER_DAY - MS_PER_DAY // 2 + ms_of_day + stamp.microsecond // 1000


def civil_iso_to_tt_jd(text: str) -> float:
    """Approximate (float) TT Julian date of a civil ISO instant, for choosing search ranges."""
    whole, fraction = civil_ms_to_tt([iso_to_ms(text)])
    return float(whole[0] + fraction[0])


def format_instants(whole: FloatArray, fraction: FloatArray) -> list[str]:
    """Civil ISO strings (see :func:`tt_to_civil_ms`) for TT instants."""
    return [format_ms(ms) for ms in tt_to_civil_ms(whole, fraction)]


# --------------------------------------------------------------------------------------------
# Provenance text and file writing


def time_scale_text() -> str:
    """The ``# time scale:`` header value (shared by all generated tables)."""
    return (
        "UT1 (= TT - delta T) before 1972-01-01; UTC (= TAI - leap seconds, IERS table in "
        f"skyfield {version('skyfield')}, last leap second {last_leap_second_date()}) from "
        f"1972-01-01; after the end of that table UTC = TAI - {_leap_table()[2][-1] // 1000} s "
        "(no further leap seconds assumed)"
    )


def delta_t_text() -> str:
    """The ``# delta T:`` header value: skyfield's builtin Delta T model, stated exactly.

    The years quoted are read from skyfield's own objects (see ``skyfield.timelib.build_delta_t``).
    """
    ts = timescale()
    table_tt, table_dt = ts.delta_t_table
    first, last = (iso_date(round(float(x))) for x in (table_tt[0], table_tt[-1]))
    splines = ts.delta_t_function.long_term_function.table  # rows: lower, upper, coefficients
    y_first, y_last = ((float(x) - 1721045.0) / 365.25 for x in (table_tt[0], table_tt[-1]))
    piece = int(np.searchsorted(splines[0], y_first)) - 1  # the S15 piece cut by the table
    bridge = int(np.searchsorted(splines[0], y_last))  # the piece starting where the table ends
    return (
        f"skyfield {version('skyfield')} builtin, evaluated at TT with y = (JD_TT - 1721045.0) "
        f"/ 365.25: before {first} the cubic splines of Morrison, Stephenson, Hohenkerk and "
        f"Zawilski (2021, Table S15.2020), the {splines[0, piece]:.0f}-{splines[1, piece]:.0f} "
        f"piece's linear term adjusted to meet the daily table; {first} to {last} linear "
        "interpolation in skyfield's daily table of TT - UT1 from IERS finals2000A (observed, "
        f"then predicted); after {last} a cubic Hermite bridge from {float(table_dt[-1]):.3f} s "
        "(slope of the table's last year) to the Stephenson-Morrison-Hohenkerk (2016) parabola "
        f"-320 + 32.5 ((y - 1825) / 100)^2 s at y = {splines[1, bridge]:.0f}"
    )


def ephemeris_text() -> str:
    """The ``# ephemeris:`` header value."""
    return (
        f"JPL DE423 (PyPI de423 {version('de423')}) read with jplephem {version('jplephem')}, "
        f"positions and apparent place via skyfield {version('skyfield')}"
    )


def data_sha256(lines: Sequence[str]) -> str:
    """Hex sha256 of the data lines, each terminated by ``\\n``, UTF-8."""
    return hashlib.sha256("".join(f"{line}\n" for line in lines).encode("utf-8")).hexdigest()


def write_table(
    path: Path, title: str, header: Sequence[tuple[str, str]], lines: Sequence[str]
) -> None:
    """Write ``# title``, the ``# key: value`` header (+ sha256) and the data lines."""
    out = [f"# {title}"]
    out += [f"# {key}: {value}" for key, value in header]
    out.append(f"# sha256: {data_sha256(lines)}")
    out += lines
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("".join(f"{line}\n" for line in out))


# Years compared with DE421 (de421.bsp covers 1900-2050).
CROSS_CHECK_YEARS = (1900, 2049)


def root_finding_rows(tolerance_s: float, compared: str, max_ms: float) -> list[tuple[str, str]]:
    """The provenance rows shared by the root-found tables: ephemeris, method, time scales
    and the DE421 cross-check (``compared`` names what was compared, e.g. "3600 terms")."""
    return [
        ("ephemeris", ephemeris_text()),
        ("root finding", f"in TT, to {tolerance_s:.0e} s".replace("e-0", "e-")),
        ("time scale", time_scale_text()),
        ("delta T", delta_t_text()),
        (
            "cross-check",
            f"JPL DE421 (de421.bsp from skyfield-data {version('skyfield-data')}), "
            f"{compared} {CROSS_CHECK_YEARS[0]}-{CROSS_CHECK_YEARS[1]} compared, "
            f"max |DE423 - DE421| = {max_ms:.3f} ms",
        ),
    ]
