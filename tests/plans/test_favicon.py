"""The app's icon: linked from every page, and /favicon.ico (which browsers ask for anyway) leads to it."""

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_favicon_ico_leads_to_the_apps_svg_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
    assert finders.find("favicon.svg")


def test_every_page_links_the_icon(client, db):
    page = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
