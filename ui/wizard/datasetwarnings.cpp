#include "ui/wizard/datasetwarnings.h"

#include <QCoreApplication>
#include <QLocale>

#include <vector>

namespace hone::ui {

namespace {
QString count(std::size_t n)
{
    return QLocale().toString(static_cast<qulonglong>(n));
}
QString percent(double share)
{
    return QLocale().toString(100 * share, 'f', share < 0.1 ? 1 : 0) + QLatin1Char('%');
}
QString splitText(Split s)
{
    switch (s) {
    case Split::Train: return DatasetWarnings::tr("training");
    case Split::Validation: return DatasetWarnings::tr("validation");
    case Split::Test: return DatasetWarnings::tr("test");
    }
    return {};
}
} // namespace

QString labelText(const std::string &label)
{
    return label.empty() ? DatasetWarnings::tr("(empty)") : QString::fromStdString(label);
}

QString dropReasonText(const std::string &reason)
{
    if (reason == "blank text")
        return DatasetWarnings::tr("blank text");
    if (reason == "missing text")
        return DatasetWarnings::tr("missing text");
    if (reason == "missing label")
        return DatasetWarnings::tr("missing label");
    if (reason.rfind("blank second text", 0) == 0)
        return DatasetWarnings::tr("blank second text");
    return QString::fromStdString(reason);
}

QStringList datasetWarnings(const DatasetReport &r, bool withLeakage)
{
    QStringList out;
    if (r.rowsDropped > 0) {
        QStringList reasons;
        for (std::size_t i = 0; i < r.dropReasons.size() && i < 3; ++i)
            reasons << QStringLiteral("%1: %2").arg(dropReasonText(r.dropReasons[i].first), count(r.dropReasons[i].second));
        QString where;
        if (!r.droppedListed.empty())
            where = QLatin1Char(' ') + DatasetWarnings::tr("First: %1.")
                                           .arg(QString::fromStdString(r.droppedListed.front()));
        out << DatasetWarnings::tr("%Ln row(s) skipped (%1); they are not used.", nullptr,
                                           static_cast<int>(r.rowsDropped))
                       .arg(reasons.join(QStringLiteral(", "))) +
                   where;
    }
    std::size_t present = 0;
    const ClassCount *smallest = nullptr;
    for (const ClassCount &c : r.classes) {
        if (c.rows == 0)
            continue;
        ++present;
        if (!smallest || c.rows < smallest->rows)
            smallest = &c;
    }
    if (present == 1)
        out << DatasetWarnings::tr("Only one class: a classifier needs at least two labels.");
    if (present >= 2 && r.imbalanceRatio >= kImbalancedRatio && smallest)
        out << DatasetWarnings::tr("Imbalanced classes: \"%1\" is only %2 of the rows. Accuracy alone will look "
                                           "good; watch macro F1, and consider balanced class weights.")
                   .arg(labelText(smallest->label), percent(smallest->share));
    std::vector<const ClassCount *> tiny;
    for (const ClassCount &c : r.classes)
        if (c.rows > 0 && c.rows < 10)
            tiny.push_back(&c);
    if (tiny.size() <= 3) {
        for (const ClassCount *c : tiny)
            out << DatasetWarnings::tr("Class \"%1\" has only %n row(s): too few to learn or to evaluate.",
                                       nullptr, static_cast<int>(c->rows))
                       .arg(labelText(c->label));
    } else { // one sentence, however many: 60 single-row classes must not bury the page
        QStringList names;
        for (std::size_t i = 0; i < tiny.size() && i < 5; ++i)
            names << QStringLiteral("\"%1\"").arg(labelText(tiny[i]->label));
        QString list = names.join(QStringLiteral(", "));
        if (tiny.size() > 5)
            list += QLatin1Char(' ') + DatasetWarnings::tr("and %n more", nullptr, static_cast<int>(tiny.size() - 5));
        out << DatasetWarnings::tr("%n classes have fewer than 10 rows (%1): too few to learn or to evaluate. "
                                   "Merge or drop them.",
                                   nullptr, static_cast<int>(tiny.size()))
                   .arg(list);
    }
    if (r.duplicateRows > 0)
        out << DatasetWarnings::tr("%Ln row(s) repeat the text of an earlier row (duplicates).",
                                           nullptr, static_cast<int>(r.duplicateRows));
    if (r.conflictingTexts > 0)
        out << DatasetWarnings::tr("%Ln text(s) appear with different labels (%1 rows); the model cannot get "
                                           "them all right.",
                                           nullptr, static_cast<int>(r.conflictingTexts))
                   .arg(count(r.conflictingRows));
    if (withLeakage) {
        QStringList pairs;
        for (const SplitOverlap &o : r.leakage)
            if (o.texts > 0)
                pairs << DatasetWarnings::tr("%1 between %2 and %3")
                             .arg(count(o.texts), splitText(o.a), splitText(o.b));
        if (!pairs.isEmpty())
            out << DatasetWarnings::tr("Leakage: the same texts are in more than one split (%1). Evaluation "
                                               "will overestimate accuracy; remove the duplicates from the file.")
                       .arg(pairs.join(QStringLiteral(", ")));
    }
    return out;
}

} // namespace hone::ui
