from django.urls import path

from alerts import feeds, views

app_name = "alerts"

urlpatterns = [
    path("benachrichtigungen/", views.subscribe, name="subscribe"),
    path("benachrichtigungen/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("benachrichtigungen/abmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("benachrichtigungen/verwalten/", views.manage, name="manage"),
    path("benachrichtigungen/verwalten/gebiet/<int:pk>/", views.area_edit, name="area"),
    path("benachrichtigungen/verwalten/<str:token>/", views.manage, name="manage-link"),
    path("benachrichtigungen/verwalten/<str:token>/gebiet/<int:pk>/", views.area_edit, name="area-link"),
    path("benachrichtigungen/feed/<str:token>.atom", feeds.SubscriptionFeed(), name="subscription-feed"),
    path("benachrichtigungen/statistik/", views.followers, name="followers"),
    path("stadtteile/<slug:slug>/feed.atom", feeds.StadtteilFeed(), name="stadtteil-feed"),
    path("stadtteile/<slug:slug>/termine.ics", feeds.stadtteil_calendar, name="stadtteil-calendar"),
    path("termine.ics", feeds.city_calendar, name="calendar"),
]
