"""State changes of accounts and their users, each with an audit event, and lookups views need."""

from django.db import transaction
from django.utils import timezone

from organizations.models import AuditEvent, EService, Membership, Organization


@transaction.atomic
def open_pending_account(*, user, legal_entity) -> Organization:
    """Create a pending account with user as its first general user."""
    organization = Organization.objects.create(legal_entity=legal_entity)
    Membership.objects.create(user=user, organization=organization, role=Membership.Role.GENERAL)
    AuditEvent.objects.create(
        actor=user,
        action="account_opened",
        organization=organization,
        target_user=user,
        details={"legal_entity": legal_entity.code, "status": organization.status},
    )
    return organization


@transaction.atomic
def activate_account_of(user) -> None:
    """Activate the pending account that user opened, once user is verified."""
    membership = Membership.objects.select_related("organization").filter(user=user).first()
    if membership is None:
        return
    organization = Organization.objects.select_for_update().get(pk=membership.organization_id)
    if organization.status != Organization.Status.PENDING:
        return
    organization.status = Organization.Status.ACTIVE
    organization.activated_at = timezone.now()
    organization.save(update_fields=["status", "activated_at"])
    AuditEvent.objects.create(
        actor=user,
        action="account_activated",
        organization=organization,
        target_user=user,
        details={"from": Organization.Status.PENDING, "to": Organization.Status.ACTIVE},
    )


def services_available_to(user):
    """E-services the user may open: all active ones for a general user, else those granted."""
    membership = Membership.objects.filter(user=user).select_related("organization").first()
    if membership is None or membership.organization.status != Organization.Status.ACTIVE:
        return EService.objects.none()
    if membership.role == Membership.Role.GENERAL:
        return EService.objects.filter(is_active=True)
    return membership.services.filter(is_active=True)


@transaction.atomic
def discard_unverified_registration(user) -> bool:
    """Delete a registrant who verified nothing, with the pending account they opened.

    Returns False, changing nothing, once either contact channel is
    verified or the account has another member.
    """
    if user.email_verified_at is not None or user.mobile_verified_at is not None:
        return False
    membership = Membership.objects.select_related("organization").filter(user=user).first()
    if membership is not None:
        organization = membership.organization
        if organization.status != Organization.Status.PENDING or organization.memberships.count() > 1:
            return False
        AuditEvent.objects.create(
            actor=None,
            action="registration_discarded",
            organization=None,
            details={"organization_id": organization.pk, "user_id": user.pk},
        )
        organization.delete()
    user.delete()
    return True
