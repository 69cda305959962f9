"""Local mean and apparent (true) solar time, and the equation of time (conventions §5).

Mean solar time is UT + longitude/15 h (east positive). Apparent solar time 真太阳时 adds
the equation of time E = α_mean − α + Δψ·cos ε: the right ascension of the fictitious mean
sun (from the IAU 1982 sidereal-time formula, Meeus, *Astronomical Algorithms*, eq. 12.4)
minus the Sun's apparent right ascension, plus the equation of the equinoxes.

The Sun's apparent longitude λ, from which α follows, is interpolated from the shipped JPL
solar-term table itself (a cubic through the four terms around the instant, 15° apart), so
no second solar theory is carried. Against the ephemeris (``tests/data/equation_of_time.txt``
from ``tools/make_equation_of_time.py``, 3990 instants 1800–2199) the largest error is 1.0 s
and the mean 0.2 s; the requirement is 2 s. Civil UT (UTC) is used for UT1: after the end
of observed ΔT their difference is unknown and may reach minutes by 2200.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from .terms import solar_term_table, to_microseconds

__all__ = ["apparent_solar_time", "equation_of_time", "mean_solar_time"]

_J2000_US = 946_728_000_000_000  # 2000-01-01 12:00 UTC in microseconds since 1970
_US_PER_DAY = 86_400_000_000


def _nutation(t: float) -> tuple[float, float]:
    """Nutation in longitude and obliquity (degrees), main terms (Meeus ch. 22, ±0.5")."""
    omega = math.radians(125.04452 - 1934.136261 * t)
    sun = math.radians(2 * (280.4665 + 36000.7698 * t))
    moon = math.radians(2 * (218.3165 + 481267.8813 * t))
    d_psi = -17.20 * math.sin(omega) - 1.32 * math.sin(sun) - 0.23 * math.sin(moon)
    d_psi += 0.21 * math.sin(2 * omega)
    d_eps = 9.20 * math.cos(omega) + 0.57 * math.cos(sun) + 0.10 * math.cos(moon)
    d_eps -= 0.09 * math.cos(2 * omega)
    return d_psi / 3600, d_eps / 3600


def _apparent_longitude(us: int) -> float:
    """The Sun's apparent longitude (degrees, unwrapped) by cubic interpolation in the table."""
    longitudes, instants = solar_term_table().neighbours(us, 4)
    # Unwrap: consecutive terms are 15° apart.
    lam = [longitudes[0] + 15.0 * k for k in range(len(longitudes))]
    x = [(i - us) / _US_PER_DAY for i in instants]
    total = 0.0
    for j in range(4):
        weight = 1.0
        for m in range(4):
            if m != j:
                weight *= (0.0 - x[m]) / (x[j] - x[m])
        total += weight * lam[j]
    return total


def equation_of_time(instant: datetime) -> timedelta:
    """Apparent minus mean solar time at ``instant`` (aware); about −14 min to +16.5 min.

    Raises:
        OutOfRangeError: outside the solar-term table.
    """
    table = solar_term_table()
    us = to_microseconds(instant)
    table.check_range(us)
    days = (us - _J2000_US) / _US_PER_DAY  # days of UT since J2000.0
    t = days / 36525
    # Right ascension of the fictitious mean sun, from the IAU 1982 sidereal-time formula:
    # GMST − 15°·(UT − 12 h) (Meeus eq. 12.4), a function of UT alone, so no ΔT is needed.
    mean_sun = 280.46061837 + 0.98564736629 * days + 0.000387933 * t**2 - t**3 / 38_710_000
    d_psi, d_eps = _nutation(t)
    eps0 = 23.439291111 - (46.8150 * t + 0.00059 * t**2 - 0.001813 * t**3) / 3600
    eps = math.radians(eps0 + d_eps)
    lam = math.radians(_apparent_longitude(us))
    alpha = math.degrees(math.atan2(math.cos(eps) * math.sin(lam), math.cos(lam)))
    e = mean_sun - alpha + d_psi * math.cos(eps)
    e = (e + 180.0) % 360.0 - 180.0
    return timedelta(seconds=e * 240.0)  # 1° of hour angle = 240 s of time


def mean_solar_time(instant: datetime, longitude: float) -> datetime:
    """Local mean solar time (naive) at ``longitude`` degrees east: UT + longitude/15 h."""
    return instant.astimezone(UTC).replace(tzinfo=None) + timedelta(hours=longitude / 15)


def apparent_solar_time(instant: datetime, longitude: float) -> datetime:
    """Local apparent (true) solar time 真太阳时 (naive) at ``longitude`` degrees east."""
    return mean_solar_time(instant, longitude) + equation_of_time(instant)
