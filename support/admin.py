from django.contrib import admin

from support.models import SupportContact, TermsDocument

admin.site.register(SupportContact)


@admin.register(TermsDocument)
class TermsDocumentAdmin(admin.ModelAdmin):
    list_display = ["id", "is_published", "updated_at"]
