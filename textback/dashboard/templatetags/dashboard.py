from django import template

from textback.dashboard import labels

register = template.Library()
register.filter("label", labels.label)
