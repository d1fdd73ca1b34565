"""Running untrusted student notebooks: the student's process and its wire format.

Nothing in this subpackage imports the references or the hidden tests: the
student's process is forked from a state that has never seen them.
"""
