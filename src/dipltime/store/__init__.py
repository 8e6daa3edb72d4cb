"""The data store: strict YAML, the pydantic schema at the boundary, reading a collection
folder into the domain's records, and the compiled cache. Imports the domain, never the
outputs or the front ends."""
