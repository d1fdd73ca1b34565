"""Running untrusted student notebooks: the student's process and its wire format.

Nothing in this subpackage imports the references or the hidden tests: the
student's process is forked from a state that has never seen them.  The rule
every hidden test keeps (seqkit.sandbox.ops) is that a grade depends only on
values the student's own code returns for inputs the grader chose: ops runs
in the student's process and is as untrusted as the answers; replies reads
them on the grader's side.
"""
