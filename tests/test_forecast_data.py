"""The vendored temperature series is the file its README says it is, and loads as documented."""
import hashlib

import numpy as np
import pytest

from seqkit import forecast, paths

SHA256 = "c23385ecc1fea11bada338bc35dd96c517ab036e57808cddd77cc92120a364b8"  # make_jfk_hourly.py


@pytest.mark.quick
def test_the_csv_is_the_documented_file():
    assert hashlib.sha256(forecast.DATA.read_bytes()).hexdigest() == SHA256
    assert SHA256 in (paths.DATA / "README.md").read_text()


@pytest.mark.quick
def test_one_row_an_hour_in_fahrenheit_with_24_hours_filled():
    hours, temps, interpolated = forecast.load_temperatures()
    assert len(hours) == len(temps) == len(interpolated) == 8730
    assert hours[0] == np.datetime64("2013-01-01T06", "h")
    assert hours[-1] == np.datetime64("2013-12-30T23", "h")
    assert (np.diff(hours) == np.timedelta64(1, "h")).all()  # UTC: no daylight saving jumps
    assert interpolated.sum() == 24 and not interpolated[0] and not interpolated[-1]
    # degrees Fahrenheit at JFK in 2013: about 12 °F (−11 °C) in January to 98 °F (37 °C) in July
    assert 5 < temps.min() < 20 and 90 < temps.max() < 105
    assert 50 < temps.mean() < 60
    # measured, not normals: fronts move the temperature by many degrees within a day
    assert np.abs(temps[24:] - temps[:-24]).max() > 20


def test_the_student_folder_carries_the_same_file():
    shipped = paths.ASSIGNMENTS / "forecast" / forecast.DATA.name
    assert shipped.read_bytes() == forecast.DATA.read_bytes()
