#pragma once
#include <QDialog>

namespace hone::ui {

// Versions of Hone and of every library it runs on, plus the BLAS really in use.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace hone::ui
