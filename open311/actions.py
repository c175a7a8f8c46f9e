"""Making API clients and their keys: the back office and `manage.py create_api_client` both call these."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import ApiClient, ApiKey


@transaction.atomic
def client_create(*, name: str, created_by=None, **fields) -> tuple[ApiClient, str]:
    """A new client with the user it acts as, and its first key (returned once, kept nowhere)."""
    user = get_user_model()(username=f"api-{secrets.token_hex(6)}", first_name=name[:150], is_active=False)
    user.set_unusable_password()
    user.save()
    client = ApiClient(name=name, user=user, created_by=created_by, **fields)
    client.ticket_source = client.ticket_source or name[:32]
    client.full_clean(exclude=["user"])
    client.save()
    _key, secret = ApiKey.issue(client, created_by=created_by)
    return client, secret


def key_revoke(key: ApiKey) -> None:
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
