app_name = "timesheets"

urlpatterns: list = []
