from django.core.exceptions import ValidationError


def add_action_errors(form, error: ValidationError) -> None:
    """Show an action's ValidationError on the form: on its field where it names one the form has,
    above the form otherwise, so that what the user typed stays and the message is in context."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def add_unique_errors(form) -> bool:
    """After a unique constraint refused the form's instance (a concurrent save got there first): put
    the errors the model's own checks give now that the other row is saved on the form; False when
    they find nothing (the constraint is not one the model checks)."""
    instance = getattr(form, "instance", None)
    if instance is None:
        return False
    try:
        instance.validate_unique()
        instance.validate_constraints()
    except ValidationError as error:
        add_action_errors(form, error)
        return True
    return False


def query_id(value) -> int | None:
    """An id given in the address (`?household=12`), or None for anything else: other digits (²), a sign,
    or a number beyond a database id, which would otherwise fail deep in a query."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
