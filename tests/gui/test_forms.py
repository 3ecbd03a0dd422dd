"""The Designer forms and the classes that give them a type agree: every widget a form class
declares is in the .ui file under that name and of that class, so code typed against the class
finds at run time what the type checker promised."""
import typing
import xml.etree.ElementTree as ET

import pytest

from zhongxin_desktop.paths import resource_path
from zhongxin_desktop.ui import forms


@pytest.mark.parametrize("name, shape", [("login", forms.LoginForm), ("first_run", forms.FirstRunForm)])
def test_a_form_class_names_the_widgets_of_its_ui_file(name, shape):
    tree = ET.parse(resource_path(f"{name}.ui", kind="forms"))
    in_file = {w.get("name"): w.get("class") for w in tree.iter("widget")}
    declared = typing.get_type_hints(shape)
    assert declared, "a form class declares its widgets"
    for attribute, widget_class in declared.items():
        assert in_file.get(attribute) == widget_class.__name__, attribute


def test_a_loaded_form_has_the_declared_widgets(qtbot):
    form = forms.load_form("login", forms.LoginForm)
    qtbot.addWidget(form)
    for attribute, widget_class in typing.get_type_hints(forms.LoginForm).items():
        assert isinstance(getattr(form, attribute), widget_class), attribute
