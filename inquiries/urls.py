from django.urls import path

from inquiries import views

app_name = "inquiries"

urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("contact/send/", views.send, name="send"),
    path("contact/thanks/", views.thanks, name="thanks"),
    path("contact/privacy/", views.privacy, name="privacy"),
]
