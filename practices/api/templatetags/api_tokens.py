"""`{% api_tokens_section %}`: the account page's section about API tokens."""

from django import template

from practices.api import tokens
from practices.api.forms import TokenForm
from practices.api.models import ApiToken

register = template.Library()


@register.inclusion_tag("api/_tokens.html", takes_context=True)
def api_tokens_section(context):
    user = context["request"].user
    allowed = tokens.may_have_tokens(user)
    return {
        "allowed": allowed,
        "tokens": list(ApiToken.objects.filter(user=user).active()) if allowed else [],
        "form": TokenForm(auto_id="token_%s"),
        "max_tokens": tokens.MAX_ACTIVE_PER_MEMBER,
        "csrf_token": context.get("csrf_token"),
    }
