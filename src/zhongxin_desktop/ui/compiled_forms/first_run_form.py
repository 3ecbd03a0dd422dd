# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_run.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication)
from PySide6.QtWidgets import (QComboBox, QFormLayout, QLabel,
    QLineEdit, QVBoxLayout)
class Ui_FirstRunForm(object):
    def setupUi(self, FirstRunForm):
        if not FirstRunForm.objectName():
            FirstRunForm.setObjectName(u"FirstRunForm")
        self.outer = QVBoxLayout(FirstRunForm)
        self.outer.setObjectName(u"outer")
        self.intro = QLabel(FirstRunForm)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.outer.addWidget(self.intro)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.kindLabel = QLabel(FirstRunForm)
        self.kindLabel.setObjectName(u"kindLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(FirstRunForm)
        self.kindCombo.setObjectName(u"kindCombo")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.nameLabel = QLabel(FirstRunForm)
        self.nameLabel.setObjectName(u"nameLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(FirstRunForm)
        self.nameEdit.setObjectName(u"nameEdit")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.codeLabel = QLabel(FirstRunForm)
        self.codeLabel.setObjectName(u"codeLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.codeLabel)

        self.codeEdit = QLineEdit(FirstRunForm)
        self.codeEdit.setObjectName(u"codeEdit")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.codeEdit)

        self.committeeLabel = QLabel(FirstRunForm)
        self.committeeLabel.setObjectName(u"committeeLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.committeeLabel)

        self.committeeEdit = QLineEdit(FirstRunForm)
        self.committeeEdit.setObjectName(u"committeeEdit")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.committeeEdit)

        self.adminLabel = QLabel(FirstRunForm)
        self.adminLabel.setObjectName(u"adminLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.adminLabel)

        self.adminEdit = QLineEdit(FirstRunForm)
        self.adminEdit.setObjectName(u"adminEdit")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.adminEdit)

        self.adminNameLabel = QLabel(FirstRunForm)
        self.adminNameLabel.setObjectName(u"adminNameLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.adminNameLabel)

        self.adminNameEdit = QLineEdit(FirstRunForm)
        self.adminNameEdit.setObjectName(u"adminNameEdit")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.adminNameEdit)

        self.passwordLabel = QLabel(FirstRunForm)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(FirstRunForm)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.Password)

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.passwordEdit)

        self.password2Label = QLabel(FirstRunForm)
        self.password2Label.setObjectName(u"password2Label")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.password2Label)

        self.password2Edit = QLineEdit(FirstRunForm)
        self.password2Edit.setObjectName(u"password2Edit")
        self.password2Edit.setEchoMode(QLineEdit.Password)

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.password2Edit)


        self.outer.addLayout(self.form)

        self.errorLabel = QLabel(FirstRunForm)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.outer.addWidget(self.errorLabel)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.codeLabel.setBuddy(self.codeEdit)
        self.committeeLabel.setBuddy(self.committeeEdit)
        self.adminLabel.setBuddy(self.adminEdit)
        self.adminNameLabel.setBuddy(self.adminNameEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
        self.password2Label.setBuddy(self.password2Edit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(FirstRunForm)
    # setupUi

    def retranslateUi(self, FirstRunForm):
        FirstRunForm.setWindowTitle(QCoreApplication.translate("FirstRunForm", u"\u9996\u6b21\u8bbe\u7f6e", None))
        self.intro.setText(QCoreApplication.translate("FirstRunForm", u"\u6b22\u8fce\u4f7f\u7528\u7efc\u6cbb\u4e2d\u5fc3\u684c\u9762\u7aef\u3002\u8bf7\u586b\u5199\u672c\u4e2d\u5fc3\u7684\u4fe1\u606f\u5e76\u8bbe\u7f6e\u7b2c\u4e00\u4e2a\u7ba1\u7406\u5458\u8d26\u53f7\uff1b\u4e5f\u53ef\u4ee5\u5148\u7528\u6f14\u793a\u6570\u636e\u8bd5\u7528\u3002", None))
        self.kindLabel.setText(QCoreApplication.translate("FirstRunForm", u"\u4e2d\u5fc3\u7c7b\u578b", None))
        self.nameLabel.setText(QCoreApplication.translate("FirstRunForm", u"\u4e2d\u5fc3\u540d\u79f0", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("FirstRunForm", u"\u5982\uff1a\u9752\u5c71\u9547\u7efc\u6cbb\u4e2d\u5fc3", None))
        self.codeLabel.setText(QCoreApplication.translate("FirstRunForm", u"\u533a\u5212\u4ee3\u7801", None))
        self.codeEdit.setPlaceholderText(QCoreApplication.translate("FirstRunForm", u"\u4e61\u95479\u4f4d\u621612\u4f4d\uff1b\u53bf\u7ea76\u4f4d", None))
        self.committeeLabel.setText(QCoreApplication.translate("FirstRunForm", u"\u8c03\u59d4\u4f1a\u7b80\u79f0", None))
        self.committeeEdit.setPlaceholderText(QCoreApplication.translate("FirstRunForm", u"\u7528\u4e8e\u6848\u4ef6\u7f16\u53f7\uff0c\u5982\u201c\u9752\u5c71\u201d\u2192\uff082026\uff09\u9752\u5c71\u8c03\u5b57\u7b2c 1 \u53f7", None))
        self.adminLabel.setText(QCoreApplication.translate("FirstRunForm", u"\u7ba1\u7406\u5458\u7528\u6237\u540d", None))
        self.adminEdit.setText(QCoreApplication.translate("FirstRunForm", u"admin", None))
        self.adminNameLabel.setText(QCoreApplication.translate("FirstRunForm", u"\u7ba1\u7406\u5458\u59d3\u540d", None))
        self.passwordLabel.setText(QCoreApplication.translate("FirstRunForm", u"\u5bc6\u7801", None))
        self.password2Label.setText(QCoreApplication.translate("FirstRunForm", u"\u786e\u8ba4\u5bc6\u7801", None))
        self.errorLabel.setStyleSheet(QCoreApplication.translate("FirstRunForm", u"color: #c62828;", None))
    # retranslateUi

