#pragma once
// Pretrained models found on disk (or browsed to) as a table: name, architecture, parameters,
// size, path. "models" here are networks; this is the Qt item model listing them.
#include "core/models/modeldiscovery.h"

#include <QAbstractTableModel>

#include <vector>

namespace hone::ui {

class ModelListItemModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ArchitectureColumn, ParametersColumn, SizeColumn, PathColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, PathRole, FilterRole };

    explicit ModelListItemModel(QObject *parent = nullptr);

    void setModels(std::vector<ModelInfo> models);
    // Adds (or replaces, by path) one model; returns its row.
    int addModel(const ModelInfo &model);
    const ModelInfo &modelAt(int row) const { return m_models.at(static_cast<std::size_t>(row)); }
    int rowOfPath(const QString &path) const;
    // The row of the model whose name is `name` or ends with "/name"; -1 if none.
    int rowOfName(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString sourceText(ModelSource source);
    static QString parameterText(qint64 parameters); // "22.7 M"
    static QString sizeText(quint64 bytes);          // "86.7 MB"
    void retranslate();

private:
    std::vector<ModelInfo> m_models;
};

} // namespace hone::ui
