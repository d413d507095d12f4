from django.db import models


class Action(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKOUT = "lockout", "登录锁定"
    LOGOUT = "logout", "退出登录"
    TWO_FACTOR_ENABLED = "two_factor_enabled", "启用两步验证"
    TWO_FACTOR_FAILED = "two_factor_failed", "两步验证失败"
    TWO_FACTOR_RESET = "two_factor_reset", "重置两步验证"
    ROLE_CHANGE = "role_change", "角色变更"
    PERMISSION_CHANGE = "permission_change", "权限变更"
    ACCOUNT_CHANGE = "account_change", "账号状态变更"
    SUBMIT = "submit", "提交审核"
    PUBLISH = "publish", "发布"
    REJECT = "reject", "退回"
    WITHDRAW = "withdraw", "撤回"
    RESTORE = "restore", "恢复版本"
    DELETE = "delete", "删除"
    IMPORT = "import", "导入"
    EXPORT = "export", "导出"
