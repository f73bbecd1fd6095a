"""Our form templates: label, hint and error tied to the input; groups in a fieldset; error summary."""

import pytest
from django import forms
from django.template import engines
from django.test.html import Element, parse_html
from django.utils import translation


class SampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on your identity card.", max_length=10)
    colour = forms.ChoiceField(
        label="Favourite colour",
        choices=[("red", "Red"), ("blue", "Blue")],
        widget=forms.RadioSelect,
        help_text="Choose one.",
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("a", "Budget"), ("b", "Staff")],
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(label="I agree")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") == "nobody":
            raise forms.ValidationError("This combination is not allowed.")
        return cleaned


def find_all(node, tag, **attrs):
    wanted = {key.rstrip("_"): value for key, value in attrs.items()}
    found = []
    for child in getattr(node, "children", []):
        if isinstance(child, Element):
            have = dict(child.attributes)
            if child.name == tag and all(have.get(k) == v for k, v in wanted.items()):
                found.append(child)
            found.extend(find_all(child, tag, **attrs))
    return found


def by_id(node, element_id):
    for child in getattr(node, "children", []):
        if isinstance(child, Element):
            if dict(child.attributes).get("id") == element_id:
                return child
            hit = by_id(child, element_id)
            if hit is not None:
                return hit
    return None


def text_of(node):
    if isinstance(node, str):
        return node
    return " ".join(text_of(child) for child in node.children).strip()


def render(form, source='{% include "includes/error_summary.html" with form=form %}{{ form }}'):
    with translation.override("en"):
        html = engines["django"].from_string(source).render({"form": form})
    return parse_html(f"<div>{html}</div>")


INVALID = {"name": "far too long a name", "topics": ["zzz"]}


def test_input_has_label_hint_and_no_error_state_when_unbound():
    doc = render(SampleForm())
    field = find_all(doc, "input", name="name")[0]
    attrs = dict(field.attributes)
    assert find_all(doc, "label", **{"for": attrs["id"]})
    assert attrs["aria-describedby"] == "id_name_helptext"
    assert text_of(by_id(doc, "id_name_helptext")) == "As on your identity card."
    assert "aria-invalid" not in attrs
    assert not find_all(doc, "div", class_="error-summary")


def test_label_has_no_colon_suffix():
    doc = render(SampleForm())
    label = find_all(doc, "label", **{"for": "id_name"})[0]
    assert text_of(label) == "Full name"


def test_error_message_is_tied_to_the_input():
    doc = render(SampleForm(data=INVALID))
    attrs = dict(find_all(doc, "input", name="name")[0].attributes)
    assert attrs["aria-invalid"] == "true"
    assert attrs["aria-describedby"].split() == ["id_name_helptext", "id_name_error"]
    error = by_id(doc, "id_name_error")
    assert "error-message" in dict(error.attributes)["class"].split()
    assert "Ensure this value has at most 10 characters" in text_of(error)


def test_radio_group_is_a_fieldset_with_legend_and_described_by():
    doc = render(SampleForm(data=INVALID))
    fieldsets = [fs for fs in find_all(doc, "fieldset") if find_all(fs, "input", name="colour")]
    assert len(fieldsets) == 1
    fieldset = fieldsets[0]
    legend = find_all(fieldset, "legend")
    assert [text_of(node) for node in legend] == ["Favourite colour"]
    described = dict(fieldset.attributes)["aria-describedby"].split()
    assert described == ["id_colour_helptext", "id_colour_error"]
    assert by_id(fieldset, "id_colour_helptext") is not None
    assert by_id(fieldset, "id_colour_error") is not None
    radios = find_all(fieldset, "input", type="radio")
    assert [dict(r.attributes)["id"] for r in radios] == ["id_colour_0", "id_colour_1"]
    for radio in radios:
        assert find_all(fieldset, "label", **{"for": dict(radio.attributes)["id"]})


def test_checkbox_group_is_a_fieldset_too():
    doc = render(SampleForm(data=INVALID))
    fieldsets = [fs for fs in find_all(doc, "fieldset") if find_all(fs, "input", name="topics")]
    assert len(fieldsets) == 1
    assert text_of(find_all(fieldsets[0], "legend")[0]) == "Topics"


def test_error_summary_links_each_error_to_its_field_with_the_same_words():
    form = SampleForm(data=INVALID)
    doc = render(form)
    summary = find_all(doc, "div", class_="error-summary")
    assert len(summary) == 1
    assert dict(summary[0].attributes)["role"] == "alert"
    assert text_of(find_all(summary[0], "h2")[0]) == "There is a problem"
    links = {dict(a.attributes)["href"]: text_of(a) for a in find_all(summary[0], "a")}
    expected_targets = {"#id_name", "#id_colour_0", "#id_topics_0", "#id_agree"}
    assert set(links) == expected_targets
    for target, words in links.items():
        field_name = target[len("#id_") :].removesuffix("_0")
        inline = text_of(by_id(doc, f"id_{field_name}_error"))
        assert words in inline
        with translation.override("en"):
            assert words == str(form.errors[field_name][0])
        assert by_id(doc, target[1:]) is not None, f"{target} points at nothing"


def test_error_summary_lists_non_field_errors():
    data = {"name": "nobody", "colour": "red", "topics": ["a"], "agree": "on"}
    doc = render(SampleForm(data=data))
    summary = find_all(doc, "div", class_="error-summary")[0]
    assert "This combination is not allowed." in text_of(summary)
    assert not find_all(summary, "a")
    assert "This combination is not allowed." in text_of(find_all(doc, "div", class_="form-errors")[0])


def test_field_group_renders_alone():
    form = SampleForm(data=INVALID)
    doc = render(form, "{{ form.name.as_field_group }}")
    assert find_all(doc, "div", class_="field field--error")
    assert by_id(doc, "id_name_error") is not None


@pytest.mark.parametrize("url", ["/accounts/login/", "/en/accounts/login/"])
def test_real_login_form_uses_our_templates(client, url):
    response = client.post(url, {"username": "", "password": ""})
    doc = parse_html(response.content.decode())
    assert find_all(doc, "div", class_="field field--error")
    assert dict(find_all(doc, "input", name="username")[0].attributes)["aria-invalid"] == "true"
