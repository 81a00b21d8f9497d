from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hemicycle.accounts import views as accounts
from hemicycle.api import api
from hemicycle.meetings import views as meetings
from hemicycle.proceedings import views as proceedings

urlpatterns = [
    path("", meetings.home, name="home"),
    path("meetings/<slug:slug>/", meetings.meeting, name="meeting"),
    path("meetings/<slug:slug>/speakers/", proceedings.speakers, name="speakers"),
    path("meetings/<slug:slug>/console/", proceedings.console, name="console"),
    path("meetings/<slug:slug>/display/", proceedings.display, name="display"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("meetings/", include("hemicycle.inscription.urls")),
    path("accounts/me/", accounts.me, name="me"),
    path("accounts/focal-points/", accounts.focal_points, name="focal_points"),
    path("accounts/invitation/<str:token>/", accounts.invitation, name="invitation"),
]
