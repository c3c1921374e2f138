"""Push adapters: the reply pack and the pages, put into a helpdesk's own tools.

    python -m generator push chatwoot --url URL --account N [--lang id|en]
    python -m generator push chatwoot-help-center --url URL --account N --portal SLUG
    python -m generator push zendesk --subdomain NAME [--lang id|en]
    python -m generator push freshdesk --domain NAME [--lang id|en]

each with --site-url, --dry-run, --prune and the filters --category, --origin and --codes.

The interface every adapter module (chatwoot, chatwoot_help_center, zendesk, freshdesk) offers
to command.py:

- `client(args, *secrets) -> base.Client`: the helpdesk's address from the options, with its
  authentication; the secrets come from the environment variables in `command.TOKENS`.
- `plan(client, args, records, every_short) -> base.Plan`: reads what the helpdesk holds and
  lists what to create, update, leave unchanged, remove (with --prune only) and leave alone as
  a conflict (a remote object with our key that this tool did not make). The help center's
  `plan(client, args, catalog, filters)` takes the catalog instead: it pushes the pages.

Each `Plan` action carries the request that carries it out; `base.execute` runs them (or prints
them with --dry-run) and ends with a summary. Every adapter touches only what it made itself:
how it knows its own objects is in its module's docstring, with the vendor documents its
requests follow. Exit codes: 0 done or nothing to change, 1 partial failure, 2 usage or
configuration error, 3 authentication or permission error.
"""
