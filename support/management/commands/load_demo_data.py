from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from organizations.models import EService, LegalEntity
from support.models import SupportContact, TermsDocument

DEMO_REGISTRY_FILE = (
    Path(__file__).resolve().parents[3] / "customs_registry" / "demo" / "registry.csv"
)

LEGAL_ENTITIES = [
    ("clearing_agent", "مخلص جمركي", "Clearing agent", 1),
    ("clearance_company", "شركة تخليص جمركي", "Customs clearance company", 2),
]

E_SERVICES = [
    ("customs_declarations", "البيانات الجمركية", "Customs declarations"),
    ("manifest_inquiry", "الاستعلام عن المانيفست", "Manifest inquiry"),
    ("payment_of_duties", "سداد الرسوم الجمركية", "Payment of customs duties"),
]

TERMS_AR = """باستخدامك بوابة الخدمات الإلكترونية للجمارك فإنك توافق على ما يلي:

1. أن تكون البيانات التي تدخلها صحيحة وكاملة، وأن تحدّثها عند تغيرها.
2. أن تحافظ على سرية كلمة المرور ورموز التحقق، وألا تشاركها مع أحد.
3. أن تستخدم الخدمات لأغراض التخليص الجمركي المرخص لك بها فقط.
4. يحق للإدارة العامة للجمارك إيقاف أي حساب يخالف هذه الشروط.

هذا نص تجريبي، ويضع موظفو الجمارك النص المعتمد."""

TERMS_EN = """By using the customs e-services portal you agree that:

1. The information you enter is true and complete, and you will update it when it changes.
2. You keep your password and verification codes secret and share them with no one.
3. You use the services only for the customs clearance your licence covers.
4. The General Administration of Customs may suspend any account that breaks these terms.

This is demonstration text; customs staff publish the approved terms."""


class Command(BaseCommand):
    help = "Load demonstration legal entities, e-services, terms and support contacts."

    @transaction.atomic
    def handle(self, *args, **options):
        for code, name_ar, name_en, order in LEGAL_ENTITIES:
            LegalEntity.objects.update_or_create(
                code=code, defaults={"name_ar": name_ar, "name_en": name_en, "sort_order": order}
            )
        for code, name_ar, name_en in E_SERVICES:
            EService.objects.update_or_create(
                code=code, defaults={"name_ar": name_ar, "name_en": name_en}
            )
        if not TermsDocument.objects.exists():
            TermsDocument.objects.create(body_ar=TERMS_AR, body_en=TERMS_EN)
        if not SupportContact.objects.exists():
            SupportContact.objects.create(
                phone="+965 1800 000",
                fax="+965 2200 0000",
                email="support@customs.example",
                hours_ar="على مدار الساعة طوال أيام الأسبوع",
                hours_en="Around the clock, every day of the week",
            )
        # Licences and users of the automated customs system for the
        # registration route of brokers; docs/customs-registry.md lists them.
        call_command("import_customs_registry", str(DEMO_REGISTRY_FILE), stdout=self.stdout)
        self.stdout.write("Demo data loaded.")
