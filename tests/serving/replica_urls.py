"""A view that reads, writes, then reads again, for the replica router's tests."""

from django.http import HttpResponse
from django.urls import path

from articles.models import Channel
from jlsite.urls import urlpatterns as site_urlpatterns


def read_write_read(request):
    before = Channel.objects.count()
    Channel.objects.create(name=f"新栏目{before}")
    return HttpResponse(str(Channel.objects.filter(name__startswith="新栏目").count()))


urlpatterns = [
    path("read-write-read/", read_write_read),
    *site_urlpatterns,  # not include(): i18n_patterns must sit in the root URLconf
]
