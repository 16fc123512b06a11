#pragma once
// Wizard page 1: the task and the pretrained model. The task (classify text, instruction-tune a
// chat model, continue pre-training) decides which models fit: encoders for classification,
// decoders (Hugging Face folders and .gguf files) for the language-model tasks. Lists what
// discoverModels() finds (searched on a worker thread) that fits, with a search box, Browse… for
// any model folder (or .gguf file), details of the selection and what was skipped, with the reason.
#include "core/models/modeldiscovery.h"
#include "core/train/trainingconfig.h"
#include "ui/wizard/runestimate.h"

#include <QFutureWatcher>
#include <QWizardPage>

#include <optional>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QRadioButton;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTreeWidget;
class QFormLayout;

namespace hone::ui {

class CollapsibleSection;
class ModelListItemModel;
class PageMessage;

class ModelPage : public QWizardPage {
    Q_OBJECT
public:
    explicit ModelPage(QWidget *parent = nullptr);
    ~ModelPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    void loadConfig(const TrainingConfig &config);
    void applyTo(TrainingConfig &config) const;

    // "classification", "sft" or "pretrain" (TrainingConfig::task).
    QString task() const { return m_task; }
    void setTask(const QString &task);
    // Why a model does not fit the task, in words; empty when it fits.
    static QString unfitReason(const ModelInfo &model, const QString &task);

    std::optional<ModelInfo> selectedModel() const;
    ModelShape selectedShape() const { return m_shape; }
    // Inspects a folder and selects it; on failure shows why and returns false.
    bool useModelFolder(const QString &path);
    // Selects the model with this path (or name); false when it is not listed.
    bool selectModel(const QString &pathOrName);
    void clearSelection();
    // True from the start of a search until its result is in the table.
    bool isSearching() const { return m_searching; }
    // Starts a search (again); the catalog also comes from a test through setCatalog.
    void startDiscovery();
    void setCatalog(const ModelCatalog &catalog);

    PageMessage *message() const { return m_message; }
    QTableView *table() const { return m_table; }

Q_SIGNALS:
    void modelChanged();
    void taskChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void browse();
    void discoveryFinished();
    void selectionChanged();
    void updateDetails();
    void updateMessage();
    void updateSkipped();
    void applyTaskFilter();
    QString defaultModelName() const;

    QLabel *m_taskLabel = nullptr;
    QButtonGroup *m_taskGroup = nullptr;
    QList<QRadioButton *> m_taskButtons; // classification, sft, pretrain
    QLineEdit *m_search = nullptr;
    QPushButton *m_browse = nullptr;
    QPushButton *m_rescan = nullptr;
    QTableView *m_table = nullptr;
    ModelListItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLabel *m_detailsTitle = nullptr;
    QLabel *m_details = nullptr;
    CollapsibleSection *m_skippedSection = nullptr;
    QTreeWidget *m_skipped = nullptr;
    QLabel *m_status = nullptr;
    PageMessage *m_message = nullptr;

    QFutureWatcher<ModelCatalog> m_discovery;
    ModelCatalog m_catalog;      // as discovered
    std::vector<ModelInfo> m_browsed; // models the user browsed to (kept across re-scans)
    std::vector<SkippedModel> m_skippedShown; // the catalog's skipped folders and the models unfit for the task
    QString m_task = QStringLiteral("classification");
    bool m_discovered = false;
    bool m_searching = false;
    QString m_wanted;        // model to select once discovery is done (prefill); else the task's default
    QString m_browseError;   // the last Browse… failure, in words
    ModelShape m_shape;
};

} // namespace hone::ui
