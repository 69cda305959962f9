"""Charts cross processes, as multiprocessing and Dask send them: a chart in an IANA zone
(read from the pinned tzdata package's file, which ``zoneinfo`` alone refuses to pickle),
with its place, reading, luck and warnings, pickles and comes back equal, in this
interpreter and in another."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
from zoneinfo import ZoneInfo

import bazi

# The seed birth's chart, by hand derivation and peers in tests/test_seed.py.
SEED = "乙亥 己卯 己亥 甲子"


def _seed_chart() -> bazi.Chart:
    c = bazi.chart("1995-03-08 23:40", place="深圳", gender="female")
    assert c.reading and c.luck and c.warnings  # derived before pickling: they travel too
    return c


def test_a_chart_in_an_iana_zone_comes_back_equal() -> None:
    c = _seed_chart()
    restored = pickle.loads(pickle.dumps(c))
    assert str(restored.pillars) == SEED
    assert restored == c and hash(restored) == hash(c)
    assert restored.moment.tz is c.moment.tz  # the pinned zone of the name, not a copy
    assert restored.reading == c.reading and restored.luck == c.luck
    assert restored.warnings == c.warnings
    assert restored.to_dict() == c.to_dict()


def test_a_host_zoneinfo_and_a_lunar_date_pickle_too() -> None:
    c = bazi.chart("1990-05-17 10:30", tz=ZoneInfo("Asia/Shanghai"), gender="male")
    restored = pickle.loads(pickle.dumps(c))
    assert restored == c and str(restored.pillars) == "庚午 辛巳 壬午 乙巳"
    assert restored.lunar_date == c.lunar_date and str(c.lunar_date) == "1990年四月廿三"


def test_a_chart_pickled_here_is_the_same_chart_in_another_interpreter() -> None:
    data = pickle.dumps(_seed_chart())
    code = textwrap.dedent(
        """
        import pickle, sys
        import bazi
        c = pickle.loads(sys.stdin.buffer.read())
        fresh = bazi.chart("1995-03-08 23:40", place="深圳", gender="female")
        print(c.pillars, c == fresh, c.reading == fresh.reading, c.luck == fresh.luck)
        """
    )
    run = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, check=True)
    assert run.stdout.decode().split() == [*SEED.split(), "True", "True", "True"]
