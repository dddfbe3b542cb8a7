"""Alerts: saved incident filters that fire when an ingest brings a new or changed incident.

    vigil alerts add orangi-police --place "Orangi Town" --target police --min-fatalities 1 --to stdout

``rules`` says what an alert is (its filters, where it goes, the figures that make an incident
worth sending again), ``saved`` keeps alerts and what they sent in the store, ``channels``
sends (stdout, a JSONL file, a webhook), ``fire`` decides after an ingest, and ``commands`` is
the command line.
"""
