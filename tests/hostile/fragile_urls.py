"""A page that fails on hostile input, to prove that the sweep notices (see test_the_sweep_*)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from cop.urls import urlpatterns as site_urlpatterns


@csrf_exempt
def fragile(request):
    page = int(request.GET.get("page", "1"))  # a 500 for "page=x"
    if request.method == "POST" and len(request.POST.get("title", "")) > 1000:
        raise ValueError("title too long")  # a 500 for a huge title
    return HttpResponse(f'<form method="post"><input name="title" value="{page}"></form>')


# The site's own URLs too: its error pages link to them.
urlpatterns = [path("fragile/", fragile, name="fragile"), *site_urlpatterns]
