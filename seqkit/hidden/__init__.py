"""Hidden tests: property-based, differential tests against the references.

They run in the grader's process and talk to the student's code only through
a `student` object (`call`, `request`), so the same tests grade a sandboxed
process (`seqkit grade`) or a notebook's namespace (inside Otter).
"""
