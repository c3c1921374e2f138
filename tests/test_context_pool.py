"""A browser context the pool hands out again is as clean as a new one: what one test stored
(local storage, cookies, pages) is gone before the next test gets it."""
from __future__ import annotations


def test_a_context_handed_back_keeps_nothing_of_the_last_test(contexts, served_site):
    options = {"locale": "en-US", "viewport": {"width": 1000, "height": 700}}
    first = contexts.take(**options)
    page = first.new_page()
    page.goto(served_site + "en/")
    page.evaluate("localStorage.setItem('left-behind', '1'); document.cookie = 'left=behind; path=/'")
    assert first.cookies() and first.storage_state()["origins"]
    contexts.give_back(first)

    again = contexts.take(**options)
    assert again is first  # the same context, reused
    assert again.pages == [first.keeper] and again.keeper.url == "about:blank"
    assert again.cookies() == [] and again.storage_state()["origins"] == []
    page = again.new_page()
    page.goto(served_site + "en/")
    assert page.evaluate("localStorage.getItem('left-behind')") is None
    assert "left=behind" not in page.evaluate("document.cookie")
    contexts.give_back(again)


def test_different_options_never_share_a_context(contexts):
    light, dark = contexts.take(color_scheme="light"), contexts.take(color_scheme="dark")
    assert light is not dark
    contexts.give_back(light)
    another_dark = contexts.take(color_scheme="dark")
    assert another_dark is not light
    contexts.give_back(dark)
    contexts.give_back(another_dark)
