"""Records and an as-of date to states: due dates, status, targets, the portfolio, the
derivation of each date and the CI gate's findings. Pure: no files, no clock."""
