"""Make ua-gec-texts.txt from the UA-GEC corpus (run once; kept to show the work).

    python seqkit/data/make_ua_gec_texts.py PATH/TO/ua_gec/data

PATH is the `data` folder of the PyPI package `ua-gec` 2.1.3 (the wheel unpacked).  Keeps the
documents of its train split that a native speaker wrote as an essay or donated as their own
text (`submission_type` essay or text_donation, `is_native` 1) and that the corpus does not mark
as sensitive (`is_sensitive` 0), each in its corrected form (`gec-fluency/train/target`, first
annotator), in Unicode normal form NFC and without leading or trailing blank space.  A document
that holds any character outside Ukrainian letters, digits, the apostrophes, space, newline and
common punctuation is left out whole (it holds Latin text, a URL, an emoji or a formula): the
vocabulary stays one of Ukrainian text.  The documents, in the corpus' id order, are joined by a
blank line until the next one would pass 150,000 characters.  Nothing inside a document is
changed.
"""
import csv
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent / "ua-gec-texts.txt"
LETTERS = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
ALLOWED = set(LETTERS + "’'" + "0123456789" + " \n" + ".,:;!?—–-()\"«»“”…%")
LIMIT = 150_000  # characters: enough for a character model, small enough to train in a minute


def main(data):
    data = Path(data)
    with open(data / "metadata.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh)
                if r["partition"] == "train" and r["is_native"] == "1"
                and r["is_sensitive"] == "0" and r["submission_type"] in ("essay", "text_donation")]
    documents, size = [], 0
    for row in sorted(rows, key=lambda r: r["id"]):
        path = data / "gec-fluency" / "train" / "target" / f"{row['id']}.a1.txt"
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).strip()
        if not set(text) <= ALLOWED:
            continue
        if size + len(text) > LIMIT:
            break
        documents.append(text)
        size += len(text) + 2
    OUT.write_text("\n\n".join(documents) + "\n", encoding="utf-8")
    text = OUT.read_text(encoding="utf-8")
    print(f"wrote {OUT.name}: {len(documents)} documents, {len(text)} characters, "
          f"{len(set(text))} distinct")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
