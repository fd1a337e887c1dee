"""Choosing from a picker as a person does: type part of a name, wait for the
suggestion htmx puts in the datalist, choose it (the browser then fills the
input with the option's value — Playwright cannot click a native datalist)."""

from playwright.sync_api import Locator, expect


def pick(field: Locator, typed: str, label: str) -> None:
    """Type ``typed`` into the picker ``field`` and choose the suggestion
    whose text holds ``label``."""
    field.click()
    field.fill("")
    field.press_sequentially(typed, delay=30)
    list_id = field.get_attribute("list")
    suggestion = field.page.locator(f"datalist#{list_id} option").filter(has_text=label)
    expect(suggestion).to_have_count(1)
    field.fill(suggestion.get_attribute("value"))
