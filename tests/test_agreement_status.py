"""An agreement's statuses as stored and as the clerk reads them, and which of them may still change
or have legal effect — written out by hand: draft → printed → signed → frozen, and a signed one
replaced by a signed correction is superseded."""
from zhongxin_desktop.domain.agreement_status import EDITABLE, IN_FORCE, STATUS_LABELS, AgreementStatus

STORED_AND_SHOWN = {"draft": "草稿", "printed": "已打印待签", "signed": "已签署生效", "frozen": "已锁定",
                    "superseded": "已被更正版本取代"}


def test_each_status_is_stored_by_its_value_and_shown_by_its_label():
    assert [s.value for s in AgreementStatus] == list(STORED_AND_SHOWN)
    assert {s.value: s.label for s in AgreementStatus} == STORED_AND_SHOWN
    assert {s.value: label for s, label in STATUS_LABELS.items()} == STORED_AND_SHOWN


def test_only_a_draft_or_a_printed_agreement_may_change():
    assert sorted(s.value for s in EDITABLE) == ["draft", "printed"]


def test_a_signed_or_frozen_agreement_is_in_force_and_a_superseded_one_is_not():
    assert sorted(s.value for s in IN_FORCE) == ["frozen", "signed"]
