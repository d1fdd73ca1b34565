"""`seqkit review`: grading the questions graded by hand in the browser."""
