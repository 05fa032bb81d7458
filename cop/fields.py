"""Field shapes the models of several apps share."""

from django.db import models


def optional_link(to, *, related_name, verbose_name, **options):
    """A link to another record that may be left empty, and that keeps that record from being
    deleted while something still points at it (it is reassigned or cleared first)."""
    return models.ForeignKey(
        to,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )
