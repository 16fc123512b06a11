#pragma once
// Wizard page 1: the pretrained model. Lists what discoverModels() finds (searched on a worker
// thread), with a search box, Browse… for any Hugging Face folder, details of the selection and
// the folders that were skipped, with the reason.
#include "core/models/modeldiscovery.h"
#include "core/train/trainingconfig.h"
#include "ui/wizard/runestimate.h"

#include <QFutureWatcher>
#include <QWizardPage>

#include <optional>

class QLabel;
class QLineEdit;
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
    ModelCatalog m_catalog;
    bool m_discovered = false;
    bool m_searching = false;
    QString m_wanted;        // model to select once discovery is done (prefill or default)
    QString m_browseError;   // the last Browse… failure, in words
    ModelShape m_shape;
};

} // namespace hone::ui
