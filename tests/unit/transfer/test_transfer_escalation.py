"""Mail escalation: one mail per failure streak, a reminder every N failures, an all-clear after."""

from __future__ import annotations

from syncsystem.transfer.mail import MailKind, Streak, escalate


def run(outcomes: list[bool], reminder_after: int = 3) -> list[MailKind | None]:
    streak, mails = Streak(), []
    for ok in outcomes:
        streak, kind = escalate(streak, ok, reminder_after)
        mails.append(kind)
    return mails


def test_streak_sends_one_mail_then_reminders_then_all_clear() -> None:
    """Seven failures then a success: failure, reminders at 3 and 6, then the all-clear."""
    assert run([False] * 7 + [True, True]) == [
        MailKind.FAILURE,
        None,
        MailKind.REMINDER,
        None,
        None,
        MailKind.REMINDER,
        None,
        MailKind.ALL_CLEAR,
        None,
    ]


def test_success_without_a_failure_sends_nothing() -> None:
    """Quiet success stays quiet."""
    assert run([True, True]) == [None, None]


def test_new_streak_after_recovery_mails_again() -> None:
    """A failure after the all-clear starts a new streak with its own mail."""
    assert run([False, True, False]) == [MailKind.FAILURE, MailKind.ALL_CLEAR, MailKind.FAILURE]


def test_unsent_failure_mail_is_retried_on_next_failure() -> None:
    """If the failure mail could not go out (alerted stays false), the next failure sends it."""
    streak, kind = escalate(Streak(failures=1, alerted=False), False, 3)
    assert kind is MailKind.FAILURE and streak == Streak(2, True)
