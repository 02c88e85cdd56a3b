"""Notices in the app (Thông báo): the header's unread count, the list, following a notice; only the recipient."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.models import Notification

ROLES = ["administrator", "coordinator", "leader", "reporter", "other_coordinator"]


def notice(user, n: int, *, link="/reporting/", read=False) -> Notification:
    at = timezone.now() - timedelta(hours=100 - n)
    return Notification.objects.create(
        key=f"test:{user.pk}:{n}",
        recipient=user,
        subject=f"Thông báo số {n} của {user.username}",
        body=f"Nội dung {n}",
        link=link,
        created_at=at,
        read_at=at if read else None,
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_person_sees_only_their_notices_newest_first_and_opening_the_list_reads_them(client, users, role):
    user = users[role]
    for n in (1, 2, 3):
        notice(user, n)
    notice(user, 0, read=True)
    for other in users.values():
        if other != user:
            notice(other, 9)
    client.force_login(user)

    home = client.get(reverse("password_change"))
    assert 'aria-label="Thông báo: 3 chưa đọc"' in home.content.decode()

    page = client.get(reverse("notices")).content.decode()
    subjects = [f"Thông báo số {n} của {user.username}" for n in (3, 2, 1, 0)]
    positions = [page.index(subject) for subject in subjects]
    assert positions == sorted(positions)
    assert page.count("<strong>Mới:</strong>") == 3
    assert "Nội dung 3" in page
    assert "số 9" not in page  # nobody else's
    assert not Notification.objects.filter(recipient=user, read_at=None).exists()
    assert Notification.objects.exclude(recipient=user).filter(read_at=None).count() == len(users) - 1
    # The badge is gone on the next page, and the list no longer says "Mới".
    assert "chưa đọc" not in client.get(reverse("password_change")).content.decode()
    assert "Mới:" not in client.get(reverse("notices")).content.decode()


def test_without_notices_the_page_says_so_and_the_header_shows_no_count(client, users):
    client.force_login(users["leader"])
    page = client.get(reverse("notices")).content.decode()
    assert "Chưa có thông báo nào." in page
    assert 'class="count"' not in page


@pytest.mark.parametrize("role", ROLES)
def test_following_a_notice_reads_it_and_goes_where_it_leads(client, users, role):
    own = notice(users[role], 1, link="/plans/BACYEN-2021-2025/periods/2024S1/entry/")
    client.force_login(users[role])

    response = client.get(reverse("notice_open", args=[own.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/plans/BACYEN-2021-2025/periods/2024S1/entry/"
    own.refresh_from_db()
    assert own.read_at is not None


def test_a_notice_without_a_link_or_with_a_foreign_one_leads_to_the_list(client, users):
    plain = notice(users["reporter"], 1, link="")
    foreign = notice(users["reporter"], 2, link="https://evil.example/")
    client.force_login(users["reporter"])
    assert client.get(reverse("notice_open", args=[plain.pk]))["Location"] == reverse("notices")
    assert client.get(reverse("notice_open", args=[foreign.pk]))["Location"] == reverse("notices")


@pytest.mark.parametrize("role", ROLES)
def test_someone_elses_notice_does_not_exist_and_stays_unread(client, users, role):
    owner = users["reporter"] if role != "reporter" else users["coordinator"]
    theirs = notice(owner, 1)
    client.force_login(users[role])

    assert client.get(reverse("notice_open", args=[theirs.pk])).status_code == 404
    assert "Thông báo số 1" not in client.get(reverse("notices")).content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_signed_out_nothing_is_shown_nor_read(client, users):
    theirs = notice(users["reporter"], 1)
    for url in (reverse("notices"), reverse("notice_open", args=[theirs.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert "Thông báo" not in client.get(reverse("login")).content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_notice_pages_refuse_a_post_and_change_nothing(client, users):
    own = notice(users["reporter"], 1)
    client.force_login(users["reporter"])
    assert client.post(reverse("notices")).status_code == 405
    assert client.post(reverse("notice_open", args=[own.pk])).status_code == 405
    own.refresh_from_db()
    assert own.read_at is None


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_list_reads_the_same_number_of_queries_for_3_or_300_notices(client, users):
    user = users["reporter"]
    client.force_login(user)
    for n in range(3):
        notice(user, n)
    few = _queries(client, reverse("notices"))
    Notification.objects.bulk_create(
        [
            Notification(
                key=f"bulk:{n}",
                recipient=user,
                subject=f"Nhắc {n}",
                created_at=timezone.now() - timedelta(days=n),
            )
            for n in range(300)
        ]
    )
    many = _queries(client, reverse("notices"))
    page_two = _queries(client, reverse("notices") + "?page=2")

    assert few == many == page_two
    assert many <= 9  # session, user, the count, the page, marking it read, the badge, the request's transaction
    assert Notification.objects.filter(recipient=user, read_at=None).count() == 303 - 2 * 30  # two pages opened
