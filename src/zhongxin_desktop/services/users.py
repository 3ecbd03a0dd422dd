"""Users: sign-in with lock-out, adding users, changing and resetting passwords."""
from __future__ import annotations

import datetime as dt

from zhongxin_desktop.domain.errors import DomainError, NotFound, ValidationError, FieldError
from zhongxin_desktop.domain.roles import Perm, Role
from zhongxin_desktop.services import audit, passwords
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.identity import local_center
from zhongxin_desktop.services.base_records import UserRecord
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import User, utcnow

MAX_FAILED = 5
LOCK_MINUTES = 15


class SignInError(DomainError):
    pass


def _actor_for(user: User) -> Actor:
    return Actor(username=user.username, display_name=user.display_name, role=Role(user.role),
                 center_code=local_center().code, user_id=user.id)


@unattended("signing in: no one is acting yet")
def sign_in(username: str, password: str) -> Actor:
    """Check a password; lock the account after MAX_FAILED failures in a row.

    A failure is written (counter, lock, audit entry) and committed BEFORE the error is raised:
    raising inside the transaction would roll the failure back and no lock-out would ever happen."""
    refusal: str | None = None
    with database.atomic():
        user = User.get_or_none(User.username == username)
        now = utcnow()
        if user is None or not user.active:
            audit.record(username or "?", "sign_in", "user", username, outcome="failed", detail="无此用户或已停用")
            refusal = "用户名或密码不正确"
        elif user.locked_until and user.locked_until > now:
            minutes = int((user.locked_until - now).total_seconds() // 60) + 1
            audit.record(username, "sign_in", "user", user.id, outcome="failed", detail="账户已锁定")
            refusal = f"密码错误次数过多，账户已锁定，请 {minutes} 分钟后再试，或请管理员重置密码"
        elif not passwords.verify_password(password, user.password_hash):
            user.failed_attempts += 1
            detail = "密码错误"
            if user.failed_attempts >= MAX_FAILED:
                user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                user.failed_attempts = 0
                detail = f"密码错误，连续 {MAX_FAILED} 次，账户锁定 {LOCK_MINUTES} 分钟"
            user.save()
            audit.record(username, "sign_in", "user", user.id, outcome="failed", detail=detail)
            refusal = "用户名或密码不正确"
            if user.locked_until and user.locked_until > now:
                refusal = f"密码错误次数过多，账户已锁定 {LOCK_MINUTES} 分钟，或请管理员重置密码"
        else:
            user.failed_attempts = 0
            user.locked_until = None
            user.last_login_at = now
            user.save()
            audit.record(username, "sign_in", "user", user.id)
    if refusal or user is None:
        raise SignInError(refusal or "用户名或密码不正确")
    return _actor_for(user)


def must_change_password(actor: Actor) -> bool:
    """After a reset by an administrator the user sets a password only they know."""
    user = User.get_or_none(User.id == actor.user_id) if actor.user_id else None
    return bool(user and user.must_change_password)


def record_screen_lock(actor: Actor) -> None:
    """The idle lock covered the screen (the unlock is recorded as a sign-in)."""
    audit.record(actor.username, "screen_lock", "user", actor.user_id or "")


def create_user(actor: Actor | None, username: str, display_name: str, role: Role | str, password: str,
                phone: str = "") -> UserRecord:
    """Add a user. ``actor`` None is only for the first administrator at set-up."""
    if actor is not None:
        actor.require(Perm.MANAGE_USERS, "user", username)
    problems = []
    if not username.strip():
        problems.append(FieldError("用户名", "不能为空"))
    elif User.select().where(User.username == username).exists():
        problems.append(FieldError("用户名", f"“{username}”已存在，请换一个"))
    if not display_name.strip():
        problems.append(FieldError("姓名", "不能为空"))
    weak = passwords.check_strength(password)
    if weak:
        problems.append(FieldError("密码", weak))
    try:
        role = Role(role)
    except ValueError:
        problems.append(FieldError("角色", f"无效的角色“{role}”"))
        role = Role.VIEWER  # only to type the rest: the problem above stops the creation
    if problems:
        raise ValidationError(problems)
    with database.atomic():
        user = User.create(owner_code=local_center().code, username=username, display_name=display_name,
                           role=role.value, password_hash=passwords.hash_password(password), phone=phone)
        audit.record(actor.username if actor else "system", "user_create", "user", user.id,
                     detail={"username": username, "role": role.value})
    return UserRecord.of(user)


def change_password(actor: Actor, old: str, new: str) -> None:
    user = User.get_or_none(User.id == actor.user_id) if actor.user_id else None
    if user is None:  # the unsigned read-only console has no password of its own
        raise DomainError("修改密码需要先以用户身份登录（--user 用户名）")
    if not passwords.verify_password(old, user.password_hash):
        audit.record(actor.username, "password_change", "user", user.id, outcome="failed")
        raise ValidationError(FieldError("原密码", "不正确"))
    weak = passwords.check_strength(new)
    if weak:
        raise ValidationError(FieldError("新密码", weak))
    with database.atomic():
        user.password_hash = passwords.hash_password(new)
        user.must_change_password = False
        user.touch()
        user.save()
        audit.record(actor.username, "password_change", "user", user.id)


def reset_password(actor: Actor, username: str, new: str) -> None:
    actor.require(Perm.MANAGE_USERS, "user", username)
    user = _get(username)
    weak = passwords.check_strength(new)
    if weak:
        raise ValidationError(FieldError("新密码", weak))
    with database.atomic():
        user.password_hash = passwords.hash_password(new)
        user.must_change_password = True
        user.failed_attempts = 0
        user.locked_until = None
        user.touch()
        user.save()
        audit.record(actor.username, "password_reset", "user", user.id)


def _list_users() -> list[User]:
    return list(User.select().order_by(User.role, User.username))


def users_for(actor: Actor) -> list[UserRecord]:
    """The user list of the settings page and ``zhongxin users list``."""
    actor.require(Perm.MANAGE_USERS, "user")
    return UserRecord.of_all(_list_users())


def _get(username: str) -> User:
    user = User.get_or_none(User.username == username)
    if user is None:
        raise NotFound(f"没有用户“{username}”，可用“zhongxin users list”查看")
    return user


def _other_active_admins(user: User) -> int:
    return User.select().where(User.active, User.role.in_([Role.ADMIN, Role.COUNTY_ADMIN]),
                               User.id != user.id).count()


def set_active(actor: Actor, username: str, active: bool) -> UserRecord:
    """Disable (or enable again) an account. Users are never deleted: the audit log names them."""
    actor.require(Perm.MANAGE_USERS, "user", username)
    user = _get(username)
    if not active:
        if user.username == actor.username:
            raise DomainError("不能停用自己正在使用的账户")
        if user.role in (Role.ADMIN, Role.COUNTY_ADMIN) and _other_active_admins(user) == 0:
            raise DomainError("这是最后一个可用的管理员账户，停用后将无人能管理用户。请先添加另一位管理员")
    with database.atomic():
        user.active = active
        if active:
            user.failed_attempts = 0
            user.locked_until = None
        user.touch()
        user.save()
        audit.record(actor.username, "user_enable" if active else "user_disable", "user", user.id,
                     detail={"username": username})
    return UserRecord.of(user)


def set_role(actor: Actor, username: str, role: Role | str) -> UserRecord:
    actor.require(Perm.MANAGE_USERS, "user", username)
    user = _get(username)
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError(FieldError("角色", f"无效的角色“{role}”，可用：{'、'.join(r.value for r in Role)}")) from None
    if (user.role in (Role.ADMIN, Role.COUNTY_ADMIN) and role not in (Role.ADMIN, Role.COUNTY_ADMIN)
            and _other_active_admins(user) == 0):
        raise DomainError("这是最后一个管理员账户，不能改为其他角色。请先添加另一位管理员")
    with database.atomic():
        old = user.role
        user.role = role.value
        user.touch()
        user.save()
        audit.record(actor.username, "user_role", "user", user.id,
                     detail={"username": username, "from": old, "to": role.value})
    return UserRecord.of(user)


def find_user(actor: Actor, ref: str) -> UserRecord | None:
    """A user by id, login name or display name (how a clerk names the host of a session)."""
    actor.require(Perm.VIEW, "user", ref)
    user = User.get_or_none((User.id == ref) | (User.username == ref) | (User.display_name == ref))
    return UserRecord.of(user) if user else None


def _mediators() -> list[User]:
    return list(User.select().where(User.active, User.role.in_([Role.MEDIATOR, Role.DIRECTOR, Role.ADMIN]))
                .order_by(User.display_name))
