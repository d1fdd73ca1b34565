"""The vendored temperature series is the file its README says it is, and loads as documented."""
import hashlib

import numpy as np

from seqkit import forecast, paths

SHA256 = "c220666521ff4bec4ffb6f0d9acfdc5c1056564b1aad6f78d3b06aa0a0c8b085"  # vega_datasets 0.9.0


def test_the_csv_is_the_documented_file():
    assert hashlib.sha256(forecast.DATA.read_bytes()).hexdigest() == SHA256
    assert SHA256 in (paths.DATA / "README.md").read_text()


def test_hourly_in_fahrenheit_with_the_one_missing_hour():
    stamps, temps = forecast.load_temperatures()
    assert len(stamps) == len(temps) == 8759
    assert stamps[0] == "2010/01/01 00:00" and stamps[-1] == "2010/12/31 23:00"
    hours = np.array([np.datetime64(s.replace("/", "-").replace(" ", "T")) for s in stamps])
    gaps = np.diff(hours).astype("timedelta64[h]").astype(int)
    # one hour a step, but for the start of daylight saving time (local clock)
    assert np.flatnonzero(gaps != 1).tolist() == [np.flatnonzero(stamps == "2010/03/14 02:00")[0]]
    assert gaps.max() == 2
    # degrees Fahrenheit: Seattle normals between about 37 and 76 °F (3 to 24 °C)
    assert 37 < temps.min() < 40 and 70 < temps.max() < 77


def test_the_student_folder_carries_the_same_file():
    shipped = paths.ASSIGNMENTS / "forecast" / "seattle-temps.csv"
    assert shipped.read_bytes() == forecast.DATA.read_bytes()
