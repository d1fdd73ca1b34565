"""The points given by hand, joined to the autograded rows.

A review counts for a submission only when it was given for the content that
the gradebook now holds (same sha256): a changed resubmission is reviewed again.
The autograded `total` and `possible` keep their meaning; the totals that
include the questions graded by hand are separate, with what is not yet reviewed.
"""


def with_reviews(rows, reviews, manual):
    """rows, each with:
    by_hand: {question: {"points": float or None (not yet reviewed), "possible",
              "comment", "grader"}} for the manual questions (Assignment.manual);
    total_all, possible_all: autograded plus reviewed points, and all points;
    not_reviewed: [question] still to be graded by hand.
    reviews: Store.reviews(assignment).
    """
    out = []
    for row in rows:
        by_hand, missing = {}, []
        for q in manual:
            review = reviews.get((row["submission"], q.name))
            if review is None or review["sha256"] != row["sha256"]:
                review = None
            points = review["points"] if review else None
            by_hand[q.name] = {"points": points, "possible": q.points,
                               "comment": review["comment"] if review else "",
                               "grader": review["grader"] if review else ""}
            if points is None:
                missing.append(q.name)
        out.append({**row, "by_hand": by_hand, "not_reviewed": missing,
                    "total_all": row["total"] + sum(h["points"] or 0.0 for h in by_hand.values()),
                    "possible_all": row["possible"] + sum(q.points for q in manual)})
    return out


def check_points(text, possible):
    """Points typed by a grader -> float, or ValueError with one line saying why."""
    try:
        points = float(text)
        if points != points:  # nan
            raise ValueError
    except (TypeError, ValueError):
        raise ValueError(f"{text!r} is not a number of points") from None
    if points < 0:
        raise ValueError(f"{text} points: points cannot be negative")
    if points > possible:
        raise ValueError(f"{text} points: this question is worth at most {possible:g}")
    return points
