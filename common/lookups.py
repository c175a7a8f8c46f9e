"""`field__any=[…]`: `field = ANY(%s::bigint[])` with the ids as one array parameter.

The areas in a user's scope are lists of ids (an official's 100 communities, a grid worker's few
grids) that go into nearly every query of a page. As `field__in=[…]` each id is a parameter of its
own, compiled by Django and sent by psycopg one by one; as one array the query costs the same
whatever the length of the list. PostgreSQL plans `IN (…)` as `= ANY(ARRAY[…])` anyway, so the
plans and their estimates are the same.
"""

from django.db import models
from django.db.models import Lookup


class Any(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [[int(item) for item in value]]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        (ids,) = rhs_params
        if len(ids) == 1:
            # As PostgreSQL reads `IN (5)`: an equality, which an index on (field, id) can also walk
            # in id order (a one-community register, newest first). `= ANY` of one element is not.
            return f"{lhs} = {rhs}", [*lhs_params, ids[0]]
        array_type = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY({rhs}::{array_type}[])", [*lhs_params, *rhs_params]


models.IntegerField.register_lookup(Any)
models.ForeignKey.register_lookup(Any)
