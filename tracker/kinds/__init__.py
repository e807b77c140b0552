"""Each kind of record declared once (:mod:`tracker.kinds.declarations`), as the plain data
of :mod:`tracker.kinds.spec`, for the forms, pages, API, CSV and importer to read."""
