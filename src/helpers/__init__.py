"""Helpers for the analysis of detentions of Azerbaijani human rights defenders.

The notebooks tell the story; the logic lives here:

- ``paths``     project root and every path, from this package's own location
- ``data``      load and validate the data package into typed DataFrames
- ``names``     alias and transliteration resolution
- ``plotting``  one figure style, deterministic output, figure + CSV
- ``case``      the facts a case report shows for one person
- ``render``    batch rendering of the parameterised reports (``python -m helpers.render``)
"""
