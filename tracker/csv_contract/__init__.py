"""The CSV contract shared by the exports and the importer: which columns each kind of record
has (:mod:`.kinds`) and how a cell is written and read back (:mod:`.cells`).

It lives apart from both so that the importer (a service) reads the same layout the exports
write without importing an export: a file exported here imports back unchanged.
"""
