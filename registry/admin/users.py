"""総務省 staff create prefecture users here, without raising anyone's privileges."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User

from ..models import PrefectureMembership
from ..roles import ASSIGNABLE_GROUPS


class PrefectureMembershipInline(admin.StackedInline):
    model = PrefectureMembership
    can_delete = True
    verbose_name_plural = "都道府県の職員の場合: 所属する都道府県"


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """総務省 staff create prefecture users here, but cannot raise anyone's privileges."""

    inlines = [PrefectureMembershipInline]
    list_display = [
        "username",
        "last_name",
        "first_name",
        "email",
        "prefecture",
        "is_staff",
        "is_active",
    ]
    list_filter = ["is_staff", "is_active", "groups", "prefecture_membership__prefecture"]
    list_select_related = ["prefecture_membership__prefecture"]

    @admin.display(description="都道府県", ordering="prefecture_membership__prefecture")
    def prefecture(self, obj):
        membership = getattr(obj, "prefecture_membership", None)
        return membership.prefecture if membership else "―"

    def get_queryset(self, request):
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "user_permissions", "last_login", "date_joined"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ASSIGNABLE_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
