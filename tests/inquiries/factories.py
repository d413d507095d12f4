import factory
from django.utils import timezone

from inquiries.models import Inquiry


class InquiryFactory(factory.django.DjangoModelFactory):
    name = "李女士"
    organisation = "某投资有限公司"
    country = "中国香港"
    email = factory.Sequence(lambda n: f"inquirer{n}@example.com")
    message = "想了解项目的合作方式。"
    consented_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Inquiry

    @classmethod
    def _create(cls, model_class, *args, created_at=None, **kwargs):
        """`created_at` sets the submission time, which auto_now_add would overwrite."""
        inquiry = super()._create(model_class, *args, **kwargs)
        if created_at is not None:
            model_class.objects.filter(pk=inquiry.pk).update(created_at=created_at)
            inquiry.refresh_from_db()
        return inquiry
