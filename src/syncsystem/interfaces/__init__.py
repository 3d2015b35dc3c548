"""Source systems ⇒ BMD: the debtor file interface (seed 002) and booking export formats (seed 003).

`settings` (export folder, next customer number, lock date), `model`/`inputs` (what a source
system hands over), `debtors` and `posting` (working files ``Stammdaten.csv`` and
``Buchungen_<Mandant>.csv``), `bookings` (pure booking rules), `closing` (immutable timestamped
import files with their import order), `picklists` (BMD's lists back), `export_formats`/`export_io`
(single and aggregated bookings, person accounts), `store` (the small invoice store standing in for
a source system) and `commands` (the CLI).
"""
