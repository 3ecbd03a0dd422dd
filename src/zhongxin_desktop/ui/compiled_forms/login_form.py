# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'login.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, Qt)
from PySide6.QtWidgets import (QFormLayout, QLabel, QLineEdit,
    QVBoxLayout)
class Ui_LoginForm(object):
    def setupUi(self, LoginForm):
        if not LoginForm.objectName():
            LoginForm.setObjectName(u"LoginForm")
        self.outer = QVBoxLayout(LoginForm)
        self.outer.setObjectName(u"outer")
        self.centerLabel = QLabel(LoginForm)
        self.centerLabel.setObjectName(u"centerLabel")
        self.centerLabel.setAlignment(Qt.AlignCenter)

        self.outer.addWidget(self.centerLabel)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.userLabel = QLabel(LoginForm)
        self.userLabel.setObjectName(u"userLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.userLabel)

        self.usernameEdit = QLineEdit(LoginForm)
        self.usernameEdit.setObjectName(u"usernameEdit")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.usernameEdit)

        self.passwordLabel = QLabel(LoginForm)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(LoginForm)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.Password)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.passwordEdit)


        self.outer.addLayout(self.form)

        self.errorLabel = QLabel(LoginForm)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.outer.addWidget(self.errorLabel)

        self.hintLabel = QLabel(LoginForm)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.outer.addWidget(self.hintLabel)

#if QT_CONFIG(shortcut)
        self.userLabel.setBuddy(self.usernameEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(LoginForm)
    # setupUi

    def retranslateUi(self, LoginForm):
        LoginForm.setWindowTitle(QCoreApplication.translate("LoginForm", u"\u767b\u5f55", None))
        self.centerLabel.setText(QCoreApplication.translate("LoginForm", u"\u7efc\u6cbb\u4e2d\u5fc3", None))
        self.centerLabel.setStyleSheet(QCoreApplication.translate("LoginForm", u"font-size: 16pt; font-weight: bold;", None))
        self.userLabel.setText(QCoreApplication.translate("LoginForm", u"\u7528\u6237\u540d(&U)", None))
        self.passwordLabel.setText(QCoreApplication.translate("LoginForm", u"\u5bc6\u7801(&P)", None))
        self.errorLabel.setStyleSheet(QCoreApplication.translate("LoginForm", u"color: #c62828;", None))
        self.hintLabel.setStyleSheet(QCoreApplication.translate("LoginForm", u"color: #666;", None))
    # retranslateUi

