"""Every role against the permission matrix, through the services and through the command line:
what the matrix allows works, the rest is refused with a message and the refusal is audited."""
import contextlib
import datetime as dt
import json

import pytest

from conftest import PASSWORD
from helpers import run_cli
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.domain.errors import DomainError, PermissionDenied
from zhongxin_desktop.domain.roles import MATRIX, Perm, Role, allows
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.services.safety import audit_log, backups
from zhongxin_desktop.services import settings, users
from zhongxin_desktop.services.casework import case_query, cases
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.models import AuditEvent

SIGNED_ROLES = [Role.CLERK, Role.MEDIATOR, Role.DIRECTOR, Role.ADMIN]


def _case(admin: Actor, accept: bool = True):
    data = CaseInput(category="邻里", source="来访", facts="因排水沟堵塞发生争执",
                     parties=[PartyInput(name="张三", phone="13812345678"), PartyInput(name="李四", role="被申请人")])
    case = cases.register(admin, data)
    if accept:
        cases.transition(admin, case.id, Action.ACCEPT)
    return case


def _probe(perm: Perm, actor: Actor, admin: Actor, data_dir):
    """Do one real thing that needs ``perm``."""
    if perm is Perm.VIEW:
        return case_query.list_cases(actor)
    if perm is Perm.REGISTER:
        return cases.register(actor, CaseInput(category="邻里", source="来访", facts="噪音扰民",
                                               parties=[PartyInput(name="王五")]))
    if perm is Perm.EDIT:
        case = _case(admin)
        return cases.transition(actor, case.id, Action.TRANSFER, department="司法所",
                                feedback_due=dt.date.today() + dt.timedelta(days=7))
    if perm is Perm.MEDIATE:
        return cases.transition(actor, _case(admin).id, Action.START_MEDIATION)
    if perm is Perm.REVEAL:
        return case_query.may_reveal(actor, True, _case(admin, accept=False).id)
    if perm is Perm.MANAGE_USERS:
        return users.create_user(actor, "newbie", "新人", Role.CLERK, "Newbie2026x")
    if perm is Perm.RESTORE:
        m = backups.create_backup(admin, data_dir).manifest
        return backups.restore_backup(actor, data_dir, m.name)
    if perm is Perm.SETTINGS:
        return settings.change(actor, "due_days_default", 20)
    if perm is Perm.AUDIT:
        return audit_log.entries(actor)
    # the use cases of other areas (agreements, documents, reports, ledger import): all merged
    from zhongxin_desktop.documents import printing
    from zhongxin_desktop.reports import ledger_xlsx
    from zhongxin_desktop.services.settlement import agreements
    from zhongxin_desktop.services.figures import ledger_import

    if perm is Perm.FREEZE:
        return agreements.freeze(actor, "no-such-agreement")
    if perm is Perm.PRINT:
        return printing.print_document(actor, "registration", _case(admin).id,
                                                          data_dir.exports / "registration.pdf")
    if perm is Perm.EXPORT:
        return ledger_xlsx.export_ledger(actor, data_dir.exports / "ledger.xlsx")
    if perm is Perm.IMPORT:
        return ledger_import.import_file(actor, data_dir.root / "no-such-ledger.xlsx")
    raise LookupError(perm)


PROBED = list(Perm)
# probed through other areas' services with a missing object: past the permission gate they
# refuse for another reason, which is fine here — only PermissionDenied matters
GATE_ONLY = {Perm.FREEZE, Perm.IMPORT}


@pytest.mark.parametrize("role", [*SIGNED_ROLES, Role.VIEWER])
@pytest.mark.parametrize("perm", PROBED)
def test_each_role_can_do_what_the_matrix_allows_and_nothing_else(role, perm, township, make_user, data_dir):
    actor = make_user(role) if role is not Role.VIEWER else Actor("console", "本机只读", Role.VIEWER,
                                                                     township.center_code)
    if allows(role, perm):
        if perm in GATE_ONLY:
            # refused for the missing object (a DomainError naming it), not for the permission
            # and not by a crash (TypeError, ImportError) that would hide a broken gate
            with pytest.raises(DomainError) as info:
                _probe(perm, actor, township, data_dir)
            assert not isinstance(info.value, PermissionDenied)
            assert "no-such" in str(info.value)
        else:
            _probe(perm, actor, township, data_dir)
    else:
        denied_before = AuditEvent.select().where(AuditEvent.outcome == "denied").count()
        with pytest.raises(PermissionDenied) as info:
            _probe(perm, actor, township, data_dir)
        assert perm.label in str(info.value) and role.label in str(info.value)
        denied = AuditEvent.select().where(AuditEvent.outcome == "denied").order_by(AuditEvent.seq.desc()).first()
        assert denied is not None and denied.action == f"denied:{perm.value}"
        assert AuditEvent.select().where(AuditEvent.outcome == "denied").count() == denied_before + 1


def test_matrix_shape():
    assert MATRIX[Role.VIEWER] == {Perm.VIEW}
    assert MATRIX[Role.ADMIN] == set(Perm)
    assert Perm.REVEAL not in MATRIX[Role.CLERK]
    assert Perm.RESTORE in MATRIX[Role.ADMIN] and Perm.RESTORE not in MATRIX[Role.DIRECTOR]


def test_lockout_after_five_failures_and_reset(township, make_user):
    make_user(Role.CLERK, "dj")
    for _ in range(users.MAX_FAILED - 1):
        with pytest.raises(users.SignInError, match="不正确"):
            users.sign_in("dj", "wrong-Passw0rd")
    with pytest.raises(users.SignInError, match="锁定"):
        users.sign_in("dj", "wrong-Passw0rd")
    with pytest.raises(users.SignInError, match="锁定"):
        users.sign_in("dj", PASSWORD)  # even the right password, while locked
    failed = AuditEvent.select().where(AuditEvent.action == "sign_in", AuditEvent.outcome == "failed").count()
    assert failed == users.MAX_FAILED + 1
    users.reset_password(township, "dj", "Fresh2026pass")
    assert users.sign_in("dj", "Fresh2026pass").role == Role.CLERK


def test_disable_and_last_admin_rules(township, make_user):
    make_user(Role.MEDIATOR, "tj")
    users.set_active(township, "tj", False)
    with pytest.raises(users.SignInError):
        users.sign_in("tj", PASSWORD)
    users.set_active(township, "tj", True)
    assert users.sign_in("tj", PASSWORD)
    from zhongxin_desktop.domain.errors import DomainError

    with pytest.raises(DomainError, match="自己"):
        users.set_active(township, "admin", False)
    with pytest.raises(DomainError, match="最后一个管理员"):
        users.set_role(township, "admin", Role.CLERK)
    users.set_role(township, "tj", Role.DIRECTOR)
    assert users.sign_in("tj", PASSWORD).role == Role.DIRECTOR


def test_change_own_password(township):
    from zhongxin_desktop.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="原密码"):
        users.change_password(township, "not-it-2026", "Another2026x")
    with pytest.raises(ValidationError, match="至少8位"):
        users.change_password(township, PASSWORD, "a1")
    users.change_password(township, PASSWORD, "Another2026x")
    assert users.sign_in("admin", "Another2026x")


# --- the same through the command line ---------------------------------------------------------

CLI_PROBES = {
    Perm.MANAGE_USERS: ["users", "list", "--json"],
    Perm.AUDIT: ["audit", "list", "--json", "--limit", "5"],
    Perm.REVEAL: ["cases", "list", "--json", "--reveal", "--limit", "3"],
    Perm.RESTORE: ["backup", "restore", "--yes"],
}
DEMO_USERS = {Role.CLERK: "dengji", Role.MEDIATOR: "tiaojie1", Role.DIRECTOR: "zhuren", Role.ADMIN: "admin"}


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    from zhongxin_desktop.paths import DataDir

    data = DataDir(tmp_path_factory.mktemp("roles-cli") / "data")
    r = run_cli("demo", "--cases", "8", "--seed", "5", data=data)
    assert r.returncode == 0, r.stderr
    r = run_cli("backup", "create", data=data, user="admin", password="Demo2026!")
    assert r.returncode == 0, r.stderr
    return data


@pytest.mark.parametrize("role", SIGNED_ROLES)
@pytest.mark.parametrize("perm", list(CLI_PROBES))
def test_cli_role_by_role(role, perm, demo_folder):
    r = run_cli(*CLI_PROBES[perm], data=demo_folder, user=DEMO_USERS[role], password="Demo2026!")
    if allows(role, perm):
        assert r.returncode == 0, r.stderr
        if "--json" in CLI_PROBES[perm]:
            json.loads(r.stdout)
    else:
        assert r.returncode == 1
        assert "无权" in r.stderr and perm.label in r.stderr and r.stdout == ""


def _last_audit(data) -> tuple:
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{data.database}?mode=ro", uri=True)) as con:
        return con.execute("SELECT username, action, object_type, object_id, outcome FROM audit_event "
                           "ORDER BY seq DESC LIMIT 1").fetchone()


@pytest.mark.parametrize("role", SIGNED_ROLES)
def test_backup_create_needs_the_export_permission(role, demo_folder):
    r = run_cli("backup", "create", data=demo_folder, user=DEMO_USERS[role], password="Demo2026!")
    if role in (Role.CLERK, Role.MEDIATOR):  # a backup is a full copy of everyone's personal data
        assert r.returncode == 1 and "无权" in r.stderr and Perm.EXPORT.label in r.stderr
        assert _last_audit(demo_folder)[:4] == (DEMO_USERS[role], "denied:export", "backup", "manual")
    else:
        assert r.returncode == 0, r.stderr


def test_commands_refused_for_want_of_a_user_are_audited(demo_folder):
    for argv in (["backup", "create"], ["users", "list"]):
        r = run_cli(*argv, data=demo_folder)
        assert r.returncode == 1 and "--user" in r.stderr
        assert _last_audit(demo_folder) == ("console", "denied:signin", "command", " ".join(argv), "denied")
    r = run_cli("audit", "verify", data=demo_folder)
    assert r.returncode == 0, r.stderr


def test_cli_users_add_reset_disable(demo_folder):
    import os

    env_pw = os.environ.get("ZHONGXIN_NEW_PASSWORD")
    os.environ["ZHONGXIN_NEW_PASSWORD"] = "Clerk2026new"
    try:
        r = run_cli("users", "add", "xiaoli", "--name", "小李", "--role", "登记员", data=demo_folder,
                    user="admin", password="Demo2026!")
        assert r.returncode == 0, r.stderr
        r = run_cli("users", "add", "xiaoli", "--name", "小李", "--role", "clerk", data=demo_folder,
                    user="admin", password="Demo2026!")
        assert r.returncode == 1 and "已存在" in r.stderr
        r = run_cli("users", "add", "bad", "--name", "坏", "--role", "boss", data=demo_folder,
                    user="admin", password="Demo2026!")
        assert r.returncode == 1 and "角色" in r.stderr
        r = run_cli("users", "list", "--json", data=demo_folder, user="admin", password="Demo2026!")
        assert {"username": "xiaoli", "role": "clerk"}.items() <= next(
            u for u in json.loads(r.stdout) if u["username"] == "xiaoli").items()
        r = run_cli("users", "disable", "xiaoli", data=demo_folder, user="admin", password="Demo2026!")
        assert r.returncode == 0, r.stderr
        r = run_cli("cases", "list", data=demo_folder, user="xiaoli", password="Clerk2026new")
        assert r.returncode == 1 and "不正确" in r.stderr
        run_cli("users", "enable", "xiaoli", data=demo_folder, user="admin", password="Demo2026!")
        os.environ["ZHONGXIN_NEW_PASSWORD"] = "Reset2026pass"
        r = run_cli("users", "reset-password", "xiaoli", data=demo_folder, user="admin", password="Demo2026!")
        assert r.returncode == 0, r.stderr
        assert run_cli("cases", "list", data=demo_folder, user="xiaoli", password="Reset2026pass").returncode == 0
        r = run_cli("users", "add", "x2", "--name", "x", "--role", "clerk", data=demo_folder, user="xiaoli",
                    password="Reset2026pass")
        assert r.returncode == 1 and "无权管理用户" in r.stderr
    finally:
        if env_pw is None:
            os.environ.pop("ZHONGXIN_NEW_PASSWORD", None)
        else:
            os.environ["ZHONGXIN_NEW_PASSWORD"] = env_pw


def test_a_refusal_names_who_can_help_never_the_refused_role(make_user):
    import pytest as _pytest

    from zhongxin_desktop.domain.errors import PermissionDenied
    from zhongxin_desktop.domain.roles import Perm, Role

    director = make_user(Role.DIRECTOR, "zhuren")
    with _pytest.raises(PermissionDenied) as refused:
        director.require(Perm.MANAGE_USERS)
    text = str(refused.value)
    assert "管理员" in text and "请由中心负责人" not in text and "联系中心负责人" not in text
