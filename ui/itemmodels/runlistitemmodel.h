#pragma once
// The run history as a table: name, model, dataset, state, best metric, date. Rows are keyed by
// the run folder, so a refresh updates rows in place and the selection survives it.
#include "core/runs/rundirectory.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QVector>

#include <optional>
#include <vector>

namespace hone::ui {

class RunListItemModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ModelColumn, DatasetColumn, StateColumn, BestMetricColumn, DateColumn, TagsColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // a value that sorts naturally (numbers, ISO dates)
        PathRole,                    // the run folder (QString)
        StateRole,                   // hone::RunState as int
        FilterRole,                  // the text the filter box matches: name, tags, notes, model, dataset, state
        NotesRole,                   // the run's notes (QString)
        TagsRole,                    // the run's tags (QStringList)
    };

    explicit RunListItemModel(QObject *parent = nullptr);

    // Replaces the rows with `runs`, keeping rows whose folder did not change.
    void setRuns(const std::vector<RunInfo> &runs);
    int rowOfPath(const QString &path) const;
    QString pathAt(int row) const;
    std::optional<RunState> stateOf(const QString &path) const;
    QString nameOf(const QString &path) const;
    QStringList names() const;
    // A live job's progress: the state column follows it between listings (which read
    // metrics.jsonl every few seconds only).
    void setProgress(const QString &path, qint64 step, qint64 totalSteps);
    // `name`, or "name 2", "name 3"... : the first that no run in `taken` has (Duplicate).
    static QString distinctName(const QString &name, const QStringList &taken);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString stateText(RunState state);
    // "sentence-transformers/all-MiniLM-L6-v2" for a hub snapshot path, else the folder name.
    static QString modelDisplayName(const QString &modelPathOrName);
    // Translated label of a metric_for_best_model name ("accuracy", "macro_f1", "loss", ...).
    static QString metricText(const QString &metricName);

    // Re-emits the header and state texts after a language change.
    void retranslate();

private:
    struct Row {
        QString path;
        QString id;
        QString name;
        QString model;
        QString dataset;
        RunState state = RunState::Created;
        QDateTime created;
        QString metricName;
        std::optional<double> bestMetric;
        std::optional<double> testAccuracy;
        qint64 step = 0;
        qint64 totalSteps = 0;
        QString notes;
        QStringList tags;
        bool operator==(const Row &o) const;
    };
    static Row rowFrom(const RunInfo &info);
    QVariant display(const Row &row, int column) const;

    QVector<Row> m_rows;
};

} // namespace hone::ui
