"""Synthetic annual reports: a random truth that obeys (or deliberately breaks) the template rules, rendered
to every format a portal publishes. Marked synthetic wherever it is shown."""
