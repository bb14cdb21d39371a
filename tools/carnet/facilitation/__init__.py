"""Facilitation: reviews, reports to administrations, the monthly letter and pack, link checking."""
