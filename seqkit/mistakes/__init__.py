"""The known-mistake catalogues, one module per assignment (CATALOGUE: a list)."""
import importlib


def catalogues(assignment):
    """{question: Catalogue} of one assignment ({} when it has none yet)."""
    try:
        module = importlib.import_module(f"seqkit.mistakes.{assignment}")
    except ModuleNotFoundError as exc:
        if exc.name != f"seqkit.mistakes.{assignment}":
            raise
        return {}
    return {c.question: c for c in module.CATALOGUE}
