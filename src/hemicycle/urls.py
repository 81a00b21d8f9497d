from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from hemicycle import pages
from hemicycle.accounts import views as accounts
from hemicycle.api import api, unknown_path
from hemicycle.audit import views as audit
from hemicycle.convening import views as convening
from hemicycle.inscription import secretariat as inscription_secretariat
from hemicycle.meetings import secretariat
from hemicycle.meetings import staff as meeting_staff
from hemicycle.meetings import views as meetings
from hemicycle.proceedings import views as proceedings
from hemicycle.proceedings.feeds import MeetingFeed
from hemicycle.records import views as records

urlpatterns = [
    path("", meetings.home, name="home"),
    path("meetings/<slug:slug>/", pages.meeting, name="meeting"),
    path("meetings/<slug:slug>/speakers/", proceedings.speakers, name="speakers"),
    path("meetings/<slug:slug>/console/", proceedings.console, name="console"),
    path("meetings/<slug:slug>/display/", proceedings.display, name="display"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", unknown_path),  # before ninja's root, which answers an HTML 404
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_path),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The public meeting site's files and the secretariat's pages
    path("meetings/<slug:slug>/feed.atom", MeetingFeed(), name="meeting_feed"),
    path("meetings/<slug:slug>/calendar.ics", meetings.meeting_ics, name="meeting_ics"),
    path("meetings/<slug:slug>/segments/<slug:key>.ics", meetings.segment_ics, name="segment_ics"),
    path(
        "meetings/<slug:slug>/documents/<int:pk>/<str:language>/",
        meetings.document_file,
        name="document_file",
    ),
    path("manage/", secretariat.meetings, name="manage"),
    path("manage/new/", secretariat.edit, name="manage_new"),
    path("manage/staff/", accounts.secretariat, name="manage_staff"),
    path("manage/audit/", audit.trail_page, name="audit"),
    path("manage/<slug:slug>/", secretariat.edit, name="manage_meeting"),
    path("manage/<slug:slug>/programme/", pages.programme_editor, name="manage_programme"),
    path("manage/<slug:slug>/documents/", secretariat.documents, name="manage_documents"),
    path("manage/<slug:slug>/documents/<int:pk>/", secretariat.document, name="manage_document"),
    path(
        "manage/<slug:slug>/announcements/", secretariat.announcements, name="manage_announcements"
    ),
    path(
        "manage/<slug:slug>/requests/",
        inscription_secretariat.requests_page,
        name="manage_requests",
    ),
    path("manage/<slug:slug>/letters/", convening.letters, name="letters"),
    path("manage/<slug:slug>/staff/", meeting_staff.officers, name="manage_officers"),
    path(
        "manage/<slug:slug>/letters/<int:pk>/progress/", convening.progress, name="letters_progress"
    ),
    path("manage/<slug:slug>/letters/<int:pk>/letters.zip", convening.download, name="letters_zip"),
    path("meetings/<slug:slug>/record/", records.record_page, name="record"),
    path("meetings/<slug:slug>/record.csv", records.record_csv, name="record-csv"),
    path("meetings/<slug:slug>/chapters.vtt", records.chapters_vtt, name="chapters-vtt"),
    path("meetings/<slug:slug>/chapters.txt", records.chapters_txt, name="chapters-txt"),
    path("", include("hemicycle.outcome.urls")),
    path("meetings/<slug:slug>/delegates/", proceedings.delegates, name="delegates"),
    path("meetings/", include("hemicycle.inscription.urls")),
    path("accounts/me/", pages.account, name="me"),
    path("accounts/focal-points/", accounts.focal_points, name="focal_points"),
    path("accounts/focal-points/import/", accounts.import_focal_points, name="import_focal_points"),
    path("accounts/invitation/<str:token>/", accounts.invitation, name="invitation"),
]
