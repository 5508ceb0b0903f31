from django.contrib import admin

from organizations.models import AuditEvent, EService, LegalEntity, Membership, Organization


@admin.register(LegalEntity)
class LegalEntityAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]


@admin.register(EService)
class EServiceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "is_active"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["id", "legal_entity", "status", "created_at"]
    list_filter = ["status", "legal_entity"]
    inlines = [MembershipInline]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "organization", "target_user"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
