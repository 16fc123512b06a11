#include "ui/dialogs/aboutdialog.h"

#include "core/system/systemreport.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace hone::ui {

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("About Hone"));
    const SystemReport report = collectSystemReport();

    auto *icon = new QLabel;
    icon->setPixmap(QPixmap(QStringLiteral(":/icons/hone-64.png")));
    auto *title = new QLabel(tr("<h2>Hone %1</h2><p>A workbench for fine-tuning pretrained language models.</p>")
                                 .arg(QString::fromStdString(report.honeVersion)));
    title->setWordWrap(true);
    auto *header = new QHBoxLayout;
    header->addWidget(icon, 0, Qt::AlignTop);
    header->addWidget(title, 1);

    auto *versions = new QFormLayout;
    versions->addRow(tr("Qt:"), new QLabel(QString::fromLatin1(qVersion())));
    versions->addRow(tr("LibTorch:"), new QLabel(QString::fromStdString(report.torchVersion)));
    versions->addRow(tr("SentencePiece:"),
                     new QLabel(report.sentencePieceError.empty() ? QString::fromStdString(report.sentencePieceVersion)
                                                                  : tr("not available")));
    auto *blas = new QLabel(QString::fromStdString(report.blas.vendor));
    blas->setToolTip(QString::fromStdString(report.blas.library));
    versions->addRow(tr("BLAS:"), blas);
    versions->addRow(tr("Compute threads:"), new QLabel(QString::number(report.threads)));
    versions->addRow(tr("CUDA:"), new QLabel(report.cudaAvailable ? tr("available") : tr("not available (CPU only)")));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(versions);
    layout->addWidget(buttons);
}

} // namespace hone::ui
