from django.contrib import admin
from django.urls import path

admin.site.site_header = "吉林招商 管理后台"
admin.site.site_title = "吉林招商 管理后台"
admin.site.index_title = "内容管理"

urlpatterns = [
    path("admin/", admin.site.urls),
]
