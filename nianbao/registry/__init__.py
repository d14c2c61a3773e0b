"""The registry of county-level governments and their portals' home pages, bundled as counties.csv.

Every unit of the covered provinces is listed (province, city, county-level unit, 6-digit code); a home page
only where a public source gives one, with that source in the row. docs/portals.md tells the provenance.
"""
