from django.urls import path

from hemicycle.outcome import feeds, summary_views, views

urlpatterns = [
    path("statements/search/", views.search_page, name="statement-search"),
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
    path("meetings/<slug:slug>/summary/", summary_views.summary_page, name="summary"),
    path("meetings/<slug:slug>/summary/themes/", summary_views.tags_page, name="summary-themes"),
    path("meetings/<slug:slug>/summary.docx", summary_views.summary_docx, name="summary-docx"),
    path("meetings/<slug:slug>/summary.pdf", summary_views.summary_pdf, name="summary-pdf"),
    path("meetings/<slug:slug>/journal/", summary_views.journal_page, name="journal"),
]
