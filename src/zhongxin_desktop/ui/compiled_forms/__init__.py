"""forms/*.ui compiled to Python by scripts/compile-forms (pyside6-uic): generated, never edited
by hand. tests/gui/test_compiled_forms.py checks each against its .ui."""
