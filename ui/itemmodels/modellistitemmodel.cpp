#include "ui/itemmodels/modellistitemmodel.h"

#include <QDir>
#include <QLocale>

namespace hone::ui {

namespace {
QString pathOf(const ModelInfo &m)
{
    return QDir::cleanPath(QString::fromStdString(m.path.string()));
}
} // namespace

ModelListItemModel::ModelListItemModel(QObject *parent) : QAbstractTableModel(parent) {}

void ModelListItemModel::setModels(std::vector<ModelInfo> models)
{
    beginResetModel();
    m_models = std::move(models);
    endResetModel();
}

int ModelListItemModel::addModel(const ModelInfo &model)
{
    const int existing = rowOfPath(QString::fromStdString(model.path.string()));
    if (existing >= 0) {
        m_models[static_cast<std::size_t>(existing)] = model;
        Q_EMIT dataChanged(index(existing, 0), index(existing, ColumnCount - 1));
        return existing;
    }
    const int row = static_cast<int>(m_models.size());
    beginInsertRows({}, row, row);
    m_models.push_back(model);
    endInsertRows();
    return row;
}

int ModelListItemModel::rowOfPath(const QString &path) const
{
    const QString clean = QDir::cleanPath(path);
    for (std::size_t i = 0; i < m_models.size(); ++i)
        if (pathOf(m_models[i]) == clean)
            return static_cast<int>(i);
    return -1;
}

int ModelListItemModel::rowOfName(const QString &name) const
{
    for (std::size_t i = 0; i < m_models.size(); ++i) {
        const QString n = QString::fromStdString(m_models[i].name);
        if (n == name || n.endsWith(QLatin1Char('/') + name))
            return static_cast<int>(i);
    }
    return -1;
}

int ModelListItemModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_models.size());
}

int ModelListItemModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ModelListItemModel::sourceText(ModelSource source)
{
    switch (source) {
    case ModelSource::HuggingFaceCache: return tr("Hugging Face cache");
    case ModelSource::DataDirectory: return tr("Hone's model folder");
    case ModelSource::ModelPath: return tr("HONE_MODEL_PATH");
    case ModelSource::Explicit: return tr("Chosen folder");
    }
    return {};
}

QString ModelListItemModel::parameterText(qint64 parameters)
{
    if (parameters <= 0)
        return tr("unknown");
    if (parameters >= 1000000000)
        return tr("%1 B").arg(QLocale().toString(parameters / 1e9, 'f', 2));
    if (parameters >= 1000000)
        return tr("%1 M").arg(QLocale().toString(parameters / 1e6, 'f', 1));
    return tr("%1 K").arg(QLocale().toString(parameters / 1e3, 'f', 1));
}

QString ModelListItemModel::sizeText(quint64 bytes)
{
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeSIFormat);
}

QVariant ModelListItemModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const ModelInfo &m = m_models[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn: return QString::fromStdString(m.name);
        case ArchitectureColumn: return QString::fromStdString(m.architecture);
        case ParametersColumn: return parameterText(m.parameters);
        case SizeColumn: return sizeText(m.bytesOnDisk);
        case PathColumn: return QDir::toNativeSeparators(pathOf(m));
        }
    } else if (role == Qt::ToolTipRole) {
        return tr("%1\nFound in: %2").arg(QDir::toNativeSeparators(pathOf(m)), sourceText(m.source));
    } else if (role == Qt::TextAlignmentRole) {
        if (index.column() == ParametersColumn || index.column() == SizeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == SortRole) {
        switch (index.column()) {
        case ParametersColumn: return static_cast<qlonglong>(m.parameters);
        case SizeColumn: return static_cast<qulonglong>(m.bytesOnDisk);
        default: return data(index, Qt::DisplayRole).toString().toLower();
        }
    } else if (role == PathRole) {
        return pathOf(m);
    } else if (role == FilterRole) {
        return QStringList{QString::fromStdString(m.name), QString::fromStdString(m.architecture), pathOf(m)}.join(
            QLatin1Char('\n'));
    }
    return {};
}

QVariant ModelListItemModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Name");
    case ArchitectureColumn: return tr("Architecture");
    case ParametersColumn: return tr("Parameters");
    case SizeColumn: return tr("Size");
    case PathColumn: return tr("Path");
    }
    return {};
}

void ModelListItemModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_models.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace hone::ui
