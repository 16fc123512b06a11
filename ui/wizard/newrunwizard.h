#pragma once
// The guided "New run" wizard: Model → Data → Split → Hyperparameters → Review. The model page
// starts with the task (classify text, instruction-tune a chat model, continue pre-training); the
// other pages follow it (what data they read, which options they show). Each page checks its
// input before Next and says what is wrong in words. The result is a TrainingConfig; the main
// window creates the run folder and starts the training job when the user presses Start.
#include "core/train/trainingconfig.h"

#include <QList>
#include <QWizard>

class QLabel;

namespace hone::ui {

class DataPage;
class HyperparametersPage;
class ModelPage;
class ReviewPage;
class SplitPage;

class NewRunWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { ModelPageId, DataPageId, SplitPageId, HyperparametersPageId, ReviewPageId };

    explicit NewRunWizard(QWidget *parent = nullptr);
    ~NewRunWizard() override;

    // Prefills every page (Duplicate as new run): model, data files and columns, split, settings.
    void setInitialConfig(const TrainingConfig &config);
    // The run as configured on the pages.
    TrainingConfig config() const;
    // The run folder the Review page names (Start creates exactly this one).
    QString runFolder() const;

    // Where the run folder will be created (shown on the Review page, used by the CLI command).
    void setRunsRoot(const QString &root);
    QString runsRoot() const { return m_runsRoot; }
    // Compute threads from Settings, the default of the threads field.
    void setDefaultThreads(int threads);
    int defaultThreads() const { return m_defaultThreads; }

    ModelPage *modelPage() const { return m_modelPage; }
    DataPage *dataPage() const { return m_dataPage; }
    SplitPage *splitPage() const { return m_splitPage; }
    HyperparametersPage *hyperparametersPage() const { return m_hyperparametersPage; }
    ReviewPage *reviewPage() const { return m_reviewPage; }

    // The step list on the left: where one is (current step bold, done steps ticked).
    QStringList stepTexts() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateSteps();

    ModelPage *m_modelPage = nullptr;
    DataPage *m_dataPage = nullptr;
    SplitPage *m_splitPage = nullptr;
    HyperparametersPage *m_hyperparametersPage = nullptr;
    ReviewPage *m_reviewPage = nullptr;
    QList<QLabel *> m_steps;
    QString m_runsRoot;
    int m_defaultThreads = 0;
};

} // namespace hone::ui
