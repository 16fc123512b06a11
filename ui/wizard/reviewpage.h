#pragma once
// Wizard page 5: everything in one place before Start: the run's name, model, data, split and
// settings; estimated memory and time (said to be estimates); the equivalent hone-cli command and
// run.json with Copy buttons and Save config…
#include "core/train/trainingconfig.h"
#include "ui/wizard/runestimate.h"

#include <QFutureWatcher>
#include <QWizardPage>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QTabWidget;

namespace hone::ui {

class PageMessage;

struct Throughput {
    double measuredSamplesPerSecond = 0;
    int measuredMaxLength = 0;
    double gemmGflops = 0;
    bool bf16 = false; // the precision gemmGflops was measured in
};

class ReviewPage : public QWizardPage {
    Q_OBJECT
public:
    explicit ReviewPage(QWidget *parent = nullptr);
    ~ReviewPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    void loadConfig(const TrainingConfig &config);
    void applyTo(TrainingConfig &config) const;

    QString runName() const;
    void setRunName(const QString &name);
    // The folder the run will get (<runs root>/<yyyymmdd-hhmmss>-<name>): its time stamp is fixed
    // when the name or runs root is, so the folder named on the page is the one Start creates.
    QString plannedRunFolder() const;
    RunEstimate estimate() const { return m_estimate; }
    QString commandText() const;
    QString configText() const;
    // Writes run.json; false (with the reason on the page) on failure.
    bool saveConfig(const QString &path);

    PageMessage *message() const { return m_message; }

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslate();
    void refresh();
    void updateEstimate();
    void fitOverview();
    QString defaultName() const;

    QLineEdit *m_name = nullptr;
    QLabel *m_nameLabel = nullptr;
    QLabel *m_folder = nullptr;
    QLabel *m_summaryTitle = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_estimateTitle = nullptr;
    QLabel *m_estimateText = nullptr;
    QTabWidget *m_tabs = nullptr;
    QWidget *m_overview = nullptr;
    QScrollArea *m_overviewScroll = nullptr;
    QPlainTextEdit *m_command = nullptr;
    QLabel *m_commandNote = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QPushButton *m_copyCommand = nullptr;
    QPushButton *m_copyJson = nullptr;
    QPushButton *m_saveJson = nullptr;
    PageMessage *m_message = nullptr;

    bool m_nameEdited = false;
    mutable QString m_plannedKey;    // runs root + name the planned folder was made for
    mutable QString m_plannedFolder;
    QString m_autoName;
    RunEstimate m_estimate;
    Throughput m_throughput;
    QString m_throughputModel; // the model, task and LoRA setting m_throughput was looked up for
    QFutureWatcher<Throughput> m_measuring;
};

} // namespace hone::ui
