"""Catalog of WhatsApp Business API error codes: load, validate, render, export.

Data flows one way: catalog/*.yml -> yamlfile (lines) -> validate (rules) ->
load (model) -> renderers and exports. `python -m generator --help` lists the commands.
"""
