from django.urls import path

from hemicycle.inscription import views

app_name = "inscription"

urlpatterns = [
    path("<slug:slug>/inscription/", views.inscription, name="inscription"),
    path("<slug:slug>/receipts/<int:seq>/<str:digest>/", views.receipt, name="receipt"),
    path("<slug:slug>/list/", views.published_list, name="list"),
    path("<slug:slug>/list.csv", views.published_csv, name="list_csv"),
    path("<slug:slug>/list.pdf", views.published_pdf, name="list_pdf"),
    path("<slug:slug>/civil-society/apply/", views.apply, name="apply"),
    path("<slug:slug>/civil-society/", views.selection, name="selection"),
]
