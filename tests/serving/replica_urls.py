"""A view that reads, writes, then reads again, for the replica router's tests."""

from django.http import HttpResponse
from django.urls import include, path

from articles.models import Channel


def read_write_read(request):
    before = Channel.objects.count()
    Channel.objects.create(name=f"新栏目{before}")
    return HttpResponse(str(Channel.objects.filter(name__startswith="新栏目").count()))


urlpatterns = [
    path("read-write-read/", read_write_read),
    path("", include("jlsite.urls")),
]
