from django.urls import path

from hemicycle.outcome import feeds, views

urlpatterns = [
    path("meetings/<slug:slug>/statements/", views.statements_page, name="statements"),
    path(
        "meetings/<slug:slug>/statements/<int:pk>/file",
        views.statement_file,
        name="statement-file",
    ),
    path("meetings/<slug:slug>/statements.atom", feeds.StatementsFeed(), name="statements-feed"),
    path("meetings/<slug:slug>/statistics/", views.statistics_page, name="statistics"),
    path("meetings/<slug:slug>/statistics.csv", views.statistics_csv, name="statistics-csv"),
    path("meetings/<slug:slug>/statistics.json", views.statistics_json, name="statistics-json"),
]
