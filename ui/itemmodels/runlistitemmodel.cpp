#include "ui/itemmodels/runlistitemmodel.h"

#include "core/io/modelfolder.h"

#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QLocale>
#include <QRegularExpression>

namespace hone::ui {

namespace {

QDateTime dateOf(const RunInfo &info)
{
    QDateTime created = QDateTime::fromString(QString::fromStdString(info.created), Qt::ISODate);
    if (!created.isValid()) // runs folders are named <yyyymmdd-hhmmss>-<name>
        created = QDateTime::fromString(QString::fromStdString(info.id).left(15), QStringLiteral("yyyyMMdd-HHmmss"));
    return created;
}

} // namespace

bool RunListItemModel::Row::operator==(const Row &o) const
{
    return path == o.path && id == o.id && name == o.name && model == o.model && dataset == o.dataset &&
           state == o.state && created == o.created && metricName == o.metricName && bestMetric == o.bestMetric &&
           testAccuracy == o.testAccuracy && step == o.step && totalSteps == o.totalSteps && notes == o.notes &&
           tags == o.tags;
}

RunListItemModel::RunListItemModel(QObject *parent) : QAbstractTableModel(parent) {}

RunListItemModel::Row RunListItemModel::rowFrom(const RunInfo &info)
{
    Row row;
    row.path = QString::fromStdString(info.path.string());
    row.id = QString::fromStdString(info.id);
    row.name = QString::fromStdString(info.name);
    row.model = QString::fromStdString(info.model);
    row.dataset = QString::fromStdString(info.dataset);
    row.state = info.state;
    row.created = dateOf(info);
    row.metricName = QString::fromStdString(info.bestMetricName);
    row.bestMetric = info.bestMetric;
    row.testAccuracy = info.testAccuracy;
    row.step = info.step;
    row.totalSteps = info.totalSteps;
    row.notes = QString::fromStdString(info.notes);
    for (const auto &t : info.tags)
        row.tags << QString::fromStdString(t);
    return row;
}

void RunListItemModel::setRuns(const std::vector<RunInfo> &runs)
{
    QVector<Row> incoming;
    incoming.reserve(static_cast<int>(runs.size()));
    QHash<QString, int> wanted;
    for (const RunInfo &info : runs) {
        Row row = rowFrom(info);
        if (wanted.contains(row.path))
            continue;
        wanted.insert(row.path, incoming.size());
        incoming.push_back(std::move(row));
    }
    // Remove rows that are gone (from the bottom so indices stay valid).
    for (int i = m_rows.size() - 1; i >= 0; --i) {
        if (!wanted.contains(m_rows[i].path)) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    // Update the rows that stay; append the new ones (the view sorts through its proxy).
    QHash<QString, int> have;
    for (int i = 0; i < m_rows.size(); ++i)
        have.insert(m_rows[i].path, i);
    QVector<Row> added;
    for (Row row : incoming) {
        const auto it = have.constFind(row.path);
        if (it == have.constEnd()) {
            added.push_back(row);
            continue;
        }
        // metrics.jsonl lags a live job's progress (setProgress): a listing never moves it back.
        if (row.state == RunState::Running && m_rows[*it].state == RunState::Running && m_rows[*it].step > row.step) {
            row.step = m_rows[*it].step;
            row.totalSteps = m_rows[*it].totalSteps;
        }
        if (!(m_rows[*it] == row)) {
            m_rows[*it] = row;
            Q_EMIT dataChanged(index(*it, 0), index(*it, ColumnCount - 1));
        }
    }
    if (!added.isEmpty()) {
        beginInsertRows({}, m_rows.size(), m_rows.size() + added.size() - 1);
        m_rows += added;
        endInsertRows();
    }
}

int RunListItemModel::rowOfPath(const QString &path) const
{
    const QString clean = QDir::cleanPath(path);
    for (int i = 0; i < m_rows.size(); ++i)
        if (QDir::cleanPath(m_rows[i].path) == clean)
            return i;
    return -1;
}

QString RunListItemModel::pathAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].path : QString();
}

std::optional<RunState> RunListItemModel::stateOf(const QString &path) const
{
    const int row = rowOfPath(path);
    if (row < 0)
        return std::nullopt;
    return m_rows[row].state;
}

QString RunListItemModel::nameOf(const QString &path) const
{
    const int row = rowOfPath(path);
    return row < 0 ? QString() : m_rows[row].name;
}

QStringList RunListItemModel::names() const
{
    QStringList out;
    for (const Row &row : m_rows)
        out << row.name;
    return out;
}

void RunListItemModel::setProgress(const QString &path, qint64 step, qint64 totalSteps)
{
    const int row = rowOfPath(path);
    if (row < 0 || (m_rows[row].step == step && m_rows[row].totalSteps == totalSteps))
        return;
    m_rows[row].step = step;
    m_rows[row].totalSteps = totalSteps;
    m_rows[row].state = RunState::Running;
    Q_EMIT dataChanged(index(row, StateColumn), index(row, StateColumn));
}

QString RunListItemModel::distinctName(const QString &name, const QStringList &taken)
{
    if (!taken.contains(name))
        return name;
    // "spam 2" continues at 3 rather than becoming "spam 2 2".
    static const QRegularExpression numbered(QStringLiteral("^(.*\\S) (\\d+)$"));
    QString base = name;
    int n = 2;
    if (const auto m = numbered.match(name); m.hasMatch()) {
        base = m.captured(1);
        n = m.captured(2).toInt() + 1;
    }
    while (taken.contains(QStringLiteral("%1 %2").arg(base).arg(n)))
        ++n;
    return QStringLiteral("%1 %2").arg(base).arg(n);
}

int RunListItemModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int RunListItemModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunListItemModel::stateText(RunState state)
{
    switch (state) {
    case RunState::Created: return tr("Not started");
    case RunState::Running: return tr("Running");
    case RunState::Finished: return tr("Finished");
    case RunState::Canceled: return tr("Stopped");
    case RunState::Failed: return tr("Failed");
    case RunState::Interrupted: return tr("Interrupted");
    }
    return {};
}

QString RunListItemModel::metricText(const QString &name)
{
    if (name == QLatin1String("accuracy"))
        return tr("accuracy");
    if (name == QLatin1String("macro_f1"))
        return tr("macro F1");
    if (name == QLatin1String("micro_f1"))
        return tr("micro F1");
    if (name == QLatin1String("weighted_f1"))
        return tr("weighted F1");
    if (name == QLatin1String("macro_precision"))
        return tr("macro precision");
    if (name == QLatin1String("macro_recall"))
        return tr("macro recall");
    if (name == QLatin1String("loss"))
        return tr("validation loss");
    if (name == QLatin1String("perplexity"))
        return tr("perplexity");
    if (name == QLatin1String("exact_match"))
        return tr("exact match");
    if (name == QLatin1String("answer_f1"))
        return tr("answer F1");
    // Names of published metrics, the same in every language.
    if (name == QLatin1String("rouge1") || name == QLatin1String("rouge2") || name == QLatin1String("rougeL"))
        return QStringLiteral("ROUGE-") + name.back().toUpper();
    if (name == QLatin1String("bleu"))
        return QStringLiteral("BLEU");
    return name;
}

QString RunListItemModel::modelDisplayName(const QString &model)
{
    if (model.isEmpty())
        return {};
    if (const auto name = hone::hubModelName(model.toStdString()))
        return QString::fromStdString(*name);
    if (!model.contains(QLatin1Char('/')))
        return model;
    const QFileInfo info(QDir::cleanPath(model));
    return info.fileName().isEmpty() ? model : info.fileName();
}

QVariant RunListItemModel::display(const Row &row, int column) const
{
    switch (column) {
    case NameColumn: return row.name;
    case ModelColumn: return modelDisplayName(row.model);
    case DatasetColumn: return row.dataset;
    case StateColumn:
        if (row.state == RunState::Running && row.totalSteps > 0)
            return tr("Running (%1%)").arg(100 * row.step / row.totalSteps);
        if ((row.state == RunState::Canceled || row.state == RunState::Interrupted) && row.totalSteps > 0)
            return tr("%1 at %2%").arg(stateText(row.state)).arg(100 * row.step / row.totalSteps);
        return stateText(row.state);
    case BestMetricColumn:
        if (!row.bestMetric)
            return QString();
        // Scores in [0, 1] read best as percentages; a loss as a plain number.
        if (row.metricName != QLatin1String("loss") && *row.bestMetric >= 0 && *row.bestMetric <= 1)
            return QLocale().toString(100 * *row.bestMetric, 'f', 1) + QLatin1Char('%');
        return QLocale().toString(*row.bestMetric, 'f', 4);
    case DateColumn: {
        if (!row.created.isValid())
            return QString();
        // Compact: the time today, the day this year, else the date.
        const QDate today = QDate::currentDate();
        if (row.created.date() == today)
            return QLocale().toString(row.created.time(), QLocale::ShortFormat);
        if (row.created.date().year() == today.year())
            return QLocale().toString(row.created.date(), tr("MMM d", "run date this year, QDate format"));
        return row.created.date().toString(Qt::ISODate);
    }
    case TagsColumn: return row.tags.join(QStringLiteral(", "));
    }
    return {};
}

QVariant RunListItemModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ModelColumn: return row.model;
        case DateColumn: return QLocale().toString(row.created, QLocale::LongFormat);
        case NameColumn:
        case TagsColumn: {
            // The whole name (a narrow list elides it) and date (hidden there), then tags, notes and the folder.
            QStringList lines{row.name, tr("Created %1").arg(QLocale().toString(row.created, QLocale::ShortFormat))};
            if (!row.tags.isEmpty())
                lines << tr("Tags: %1").arg(row.tags.join(QStringLiteral(", ")));
            if (!row.notes.isEmpty())
                lines << tr("Notes: %1").arg(row.notes.left(400));
            lines << QDir::toNativeSeparators(row.path);
            return lines.join(QLatin1Char('\n'));
        }
        case BestMetricColumn: {
            if (!row.bestMetric)
                return QVariant();
            QString tip = tr("Best validation %1: %2")
                              .arg(metricText(row.metricName), QLocale().toString(*row.bestMetric, 'f', 4));
            if (row.state == RunState::Running)
                tip += QLatin1Char(' ') + tr("(so far)");
            if (row.testAccuracy)
                tip += QLatin1Char('\n') + tr("Test accuracy: %1").arg(QLocale().toString(*row.testAccuracy, 'f', 4));
            return tip;
        }
        default: return row.path;
        }
    case Qt::ForegroundRole:
        if (index.column() == StateColumn) {
            switch (row.state) {
            case RunState::Running: return QColor(0x1a, 0x73, 0xe8);
            case RunState::Failed: return QColor(0xc6, 0x28, 0x28);
            case RunState::Interrupted:
            case RunState::Canceled: return QColor(0xb2, 0x6a, 0x00);
            default: break;
            }
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == BestMetricColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case StateColumn: return static_cast<int>(row.state);
        case BestMetricColumn: return row.bestMetric ? QVariant(*row.bestMetric) : QVariant(-1e300);
        case DateColumn: return row.created.isValid() ? row.created.toString(Qt::ISODate) : row.id;
        default: return display(row, index.column()).toString().toLower();
        }
    case PathRole: return row.path;
    case StateRole: return static_cast<int>(row.state);
    case FilterRole:
        return (QStringList{row.name, row.id, row.model, row.dataset, stateText(row.state), row.notes} + row.tags)
            .join(QLatin1Char('\n'));
    case NotesRole: return row.notes;
    case TagsRole: return row.tags;
    }
    return {};
}

QVariant RunListItemModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Name");
    case ModelColumn: return tr("Model");
    case DatasetColumn: return tr("Dataset");
    case StateColumn: return tr("State");
    case BestMetricColumn: return tr("Best");
    case DateColumn: return tr("Date");
    case TagsColumn: return tr("Tags");
    }
    return {};
}

void RunListItemModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(m_rows.size() - 1, ColumnCount - 1));
}

} // namespace hone::ui
