#include "ui/dialogs/evaluatedialog.h"

#include "ui/appsettings.h"
#include "ui/dashboard/classmetricstable.h"
#include "ui/widgets/confusionheatmap.h"

#include "core/data/dataset.h"
#include "core/train/predictor.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hone::ui {

namespace {

FileEvaluation evaluateFile(const QString &runDir, const QString &file)
{
    FileEvaluation out;
    auto predictor = Predictor::open(runDir.toStdString());
    if (!predictor) {
        out.error = QString::fromStdString(predictor.error().message);
        return out;
    }
    ReadOptions read;
    read.requireLabels = true;
    read.labelNames = predictor->labels(); // the model's label indices, and a clear error for a label it lacks
    auto data = readDataset(file.toStdString(), read);
    if (!data) {
        out.error = QString::fromStdString(data.error().message);
        return out;
    }
    auto metrics = evaluateDataset(*predictor, *data);
    if (!metrics)
        out.error = QString::fromStdString(metrics.error().message);
    else
        out.metrics = std::move(metrics).value();
    return out;
}

} // namespace

EvaluateDialog::EvaluateDialog(const QString &runDir, QWidget *parent) : QDialog(parent), m_runDir(runDir)
{
    setObjectName(QStringLiteral("evaluateDialog"));
    setWindowTitle(tr("Evaluate on a File — %1").arg(QFileInfo(runDir).fileName()));
    m_file = new QLineEdit;
    m_file->setObjectName(QStringLiteral("evaluateFileEdit"));
    m_file->setPlaceholderText(tr("A labelled .csv, .tsv or .jsonl file with the run's labels"));
    m_browse = new QPushButton(tr("Browse…"));
    m_run = new QPushButton(tr("Evaluate"));
    m_run->setObjectName(QStringLiteral("evaluateButton"));
    m_run->setDefault(true);
    m_status = new QLabel(tr("The run's model predicts every row of the file; the labels in the file are the truth."));
    m_status->setObjectName(QStringLiteral("evaluateStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = new ClassMetricsTable;
    m_heatmap = new ConfusionHeatmap;
    connect(m_browse, &QPushButton::clicked, this, &EvaluateDialog::browse);
    connect(m_run, &QPushButton::clicked, this, [this] { evaluate(m_file->text().trimmed()); });
    connect(m_file, &QLineEdit::returnPressed, this, [this] { evaluate(m_file->text().trimmed()); });
    connect(&m_watcher, &QFutureWatcher<FileEvaluation>::finished, this, &EvaluateDialog::showResult);

    auto *row = new QHBoxLayout;
    row->addWidget(m_file, 1);
    row->addWidget(m_browse);
    row->addWidget(m_run);
    auto *results = new QSplitter(Qt::Horizontal);
    results->addWidget(m_heatmap);
    results->addWidget(m_table);
    results->setChildrenCollapsible(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_status);
    layout->addWidget(results, 1);
    layout->addWidget(buttons);
    resize(900, 560);
}

EvaluateDialog::~EvaluateDialog()
{
    m_watcher.waitForFinished();
}

void EvaluateDialog::browse()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Labelled Data to Evaluate On"),
                                                      AppSettings::lastDirectory(QStringLiteral("data")),
                                                      tr("Data files (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;All files (*)"));
    if (file.isEmpty())
        return;
    AppSettings::setLastDirectory(QStringLiteral("data"), QFileInfo(file).absolutePath());
    m_file->setText(QDir::toNativeSeparators(file));
    evaluate(file);
}

void EvaluateDialog::evaluate(const QString &file)
{
    if (file.isEmpty() || m_watcher.isRunning())
        return;
    m_file->setText(QDir::toNativeSeparators(file));
    m_run->setEnabled(false);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Reading %1 and predicting every row…").arg(QFileInfo(file).fileName()));
    const QString run = m_runDir;
    const QString path = QDir::fromNativeSeparators(file);
    m_watcher.setFuture(QtConcurrent::run([run, path] { return evaluateFile(run, path); }));
}

QString EvaluateDialog::resultText() const
{
    return m_status->text();
}

void EvaluateDialog::showResult()
{
    m_result = m_watcher.result();
    m_run->setEnabled(true);
    if (!m_result.metrics) {
        m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_status->setText(tr("Cannot evaluate: %1").arg(m_result.error));
        m_table->clearMetrics();
        m_heatmap->clear();
        Q_EMIT finished();
        return;
    }
    const auto &m = *m_result.metrics;
    const QLocale locale;
    m_status->setText(tr("%n row(s): accuracy %1, macro F1 %2, weighted F1 %3.", nullptr, static_cast<int>(m.total))
                          .arg(locale.toString(m.accuracy, 'f', 4), locale.toString(m.macroF1, 'f', 4),
                               locale.toString(m.weightedF1, 'f', 4)));
    QStringList labels;
    for (const auto &c : m.perClass)
        labels << QString::fromStdString(c.label);
    m_heatmap->setMatrix(labels, m.confusion);
    m_table->setMetrics(m);
    Q_EMIT finished();
}

} // namespace hone::ui
