"""Reference numbers stay unique when inquiries arrive at the same moment (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from inquiries.models import Inquiry


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_get_distinct_consecutive_references():
    start = threading.Barrier(8)
    errors = []

    def submit():
        try:
            start.wait()
            Inquiry.objects.create(
                name="并发", phone="13800000000", message="问", consented_at=timezone.now()
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(int(r[-4:]) for r in Inquiry.objects.values_list("reference", flat=True))
    assert numbers == list(range(1, 9))
