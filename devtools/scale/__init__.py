"""District-scale generated data (`manage.py seed_scale`), for measuring the portal at a million residents.

`areas` creates the second district, its areas, staff and departments through the ORM (a few thousand
rows); `people` and `requests` draw the millions of rows as text for PostgreSQL COPY, without touching
the database; `load` streams that text into the tables in one transaction.
"""
