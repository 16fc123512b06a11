#include "ui/dashboard/sampleanswerswidget.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>
#include <vector>

namespace hone::ui {

namespace {

// Beyond this many words a side, the answers are long enough that a word diff (quadratic) is not
// worth its time; the panel then only says that the answer changed.
constexpr int kMaxDiffWords = 1500;

bool isCjk(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x3040 && u <= 0x30ff) || (u >= 0x3400 && u <= 0x4dbf) || (u >= 0x4e00 && u <= 0x9fff) ||
           (u >= 0xac00 && u <= 0xd7af) || (u >= 0xf900 && u <= 0xfaff);
}

QStringList words(const QString &text)
{
    QStringList out;
    QString word;
    for (QChar c : text) {
        if (c.isLetterOrNumber() && !isCjk(c)) {
            word += c;
            continue;
        }
        if (!word.isEmpty())
            out << std::exchange(word, QString());
        out << QString(c);
    }
    if (!word.isEmpty())
        out << word;
    return out;
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

const char *const kAdded = "background-color:#c8e6c9; color:#1b5e20;";
const char *const kRemoved = "background-color:#ffcdd2; color:#b71c1c; text-decoration:line-through;";

} // namespace

QString answerDiffHtml(const QString &before, const QString &after)
{
    const QStringList a = words(before), b = words(after);
    const auto span = [](const char *style, const QString &text) {
        return QStringLiteral("<span style=\"%1\">%2</span>").arg(QLatin1String(style), escaped(text));
    };
    if (a.size() > kMaxDiffWords || b.size() > kMaxDiffWords)
        return span(kRemoved, before) + QLatin1Char(' ') + span(kAdded, after);
    // Longest common subsequence of words, then one pass that emits kept, removed and added runs.
    const int n = int(a.size()), m = int(b.size());
    std::vector<int> lcs(std::size_t(n + 1) * std::size_t(m + 1), 0);
    const auto at = [&](int i, int j) -> int & { return lcs[std::size_t(i) * std::size_t(m + 1) + std::size_t(j)]; };
    for (int i = n - 1; i >= 0; --i)
        for (int j = m - 1; j >= 0; --j)
            at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    QString html, removed, added;
    const auto flush = [&] {
        if (!removed.isEmpty())
            html += span(kRemoved, std::exchange(removed, QString()));
        if (!added.isEmpty())
            html += span(kAdded, std::exchange(added, QString()));
    };
    int i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            flush();
            html += escaped(a[i]);
            ++i;
            ++j;
        } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
            added += b[j++];
        } else {
            removed += a[i++];
        }
    }
    flush();
    return html;
}

QString shownAnswer(const QString &answer)
{
    if (answer.isEmpty())
        return QCoreApplication::translate("hone::ui::SampleAnswersWidget", "(empty answer)");
    if (answer.trimmed().isEmpty())
        return QCoreApplication::translate("hone::ui::SampleAnswersWidget", "(only spaces and line breaks)");
    return answer;
}

QString shownOrigin(const QString &origin)
{
    const qsizetype colon = origin.indexOf(QStringLiteral(": "));
    const QString file = colon < 0 ? origin : origin.left(colon);
    const qsizetype slash = file.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? origin : origin.mid(slash + 1);
}

SampleAnswersWidget::SampleAnswersWidget(QWidget *parent) : QWidget(parent)
{
    m_title = new QLabel;
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_evaluationLabel = new QLabel;
    m_evaluation = new QComboBox;
    m_evaluation->setObjectName(QStringLiteral("sampleEvaluationCombo"));
    m_evaluation->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_evaluation, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_followLatest = index == m_evaluation->count() - 1;
        render();
    });
    m_view = new QTextBrowser;
    m_view->setObjectName(QStringLiteral("sampleAnswersView"));
    m_view->setOpenLinks(false);

    auto *row = new QHBoxLayout;
    row->addWidget(m_evaluationLabel);
    row->addWidget(m_evaluation);
    row->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addLayout(row);
    layout->addWidget(m_view, 1);
    retranslate();
}

void SampleAnswersWidget::setSamples(const std::vector<hone::SampleAnswers> &samples)
{
    const int chosen = m_followLatest ? -1 : m_evaluation->currentIndex();
    m_samples = samples;
    fillCombo();
    {
        const QSignalBlocker block(m_evaluation);
        const int last = m_evaluation->count() - 1;
        m_evaluation->setCurrentIndex(chosen >= 0 && chosen <= last ? chosen : last);
    }
    render();
}

void SampleAnswersWidget::clear()
{
    m_followLatest = true;
    setSamples({});
}

int SampleAnswersWidget::evaluationCount() const
{
    return int(m_samples.size());
}

int SampleAnswersWidget::currentEvaluation() const
{
    return m_evaluation->currentIndex();
}

void SampleAnswersWidget::setCurrentEvaluation(int index)
{
    m_evaluation->setCurrentIndex(index);
}

void SampleAnswersWidget::fillCombo()
{
    const QSignalBlocker block(m_evaluation);
    m_evaluation->clear();
    for (const auto &s : m_samples)
        m_evaluation->addItem(s.split == "test" ? tr("Test, step %1").arg(s.step) : tr("Step %1").arg(s.step));
}

QList<SampleAnswersWidget::Entry> SampleAnswersWidget::entries() const
{
    QList<Entry> out;
    const int index = m_evaluation->currentIndex();
    if (index < 0 || index >= int(m_samples.size()))
        return out;
    const hone::SampleAnswers &current = m_samples[std::size_t(index)];
    // The previous evaluation of the same split answered the same fixed prompts.
    const hone::SampleAnswers *previous = nullptr;
    for (int i = index - 1; i >= 0 && !previous; --i)
        if (m_samples[std::size_t(i)].split == current.split)
            previous = &m_samples[std::size_t(i)];
    for (const auto &a : current.answers) {
        Entry e;
        e.origin = QString::fromStdString(a.origin);
        e.prompt = QString::fromStdString(a.prompt);
        e.reference = QString::fromStdString(a.reference);
        e.answer = QString::fromStdString(a.answer);
        if (previous)
            for (const auto &p : previous->answers)
                if (p.prompt == a.prompt && p.origin == a.origin) {
                    e.hasPrevious = true;
                    e.previous = QString::fromStdString(p.answer);
                    e.previousStep = previous->step;
                    break;
                }
        out << e;
    }
    return out;
}

QString SampleAnswersWidget::plainText() const
{
    return m_view->toPlainText();
}

void SampleAnswersWidget::render()
{
    const QList<Entry> list = entries();
    if (list.isEmpty()) {
        m_view->setHtml(QStringLiteral("<p style=\"color:palette(placeholder-text);\">%1</p>")
                            .arg(escaped(tr("The model's answers to a few validation prompts appear here after each evaluation."))));
        return;
    }
    const auto block = [](const QString &text) {
        return QStringLiteral("<div style=\"white-space:pre-wrap; margin-left:12px;\">%1</div>").arg(text);
    };
    QString html;
    int number = 0;
    for (const Entry &e : list) {
        html += QStringLiteral("<p style=\"margin-top:10px;\"><b>%1</b>").arg(tr("Prompt %1").arg(++number));
        if (!e.origin.isEmpty())
            html += QStringLiteral(" <span style=\"color:gray;\">(%1)</span>").arg(escaped(shownOrigin(e.origin)));
        html += QStringLiteral("</p>") + block(escaped(e.prompt));
        if (!e.reference.isEmpty())
            html += QStringLiteral("<p><b>%1</b></p>").arg(escaped(tr("Reference"))) + block(escaped(e.reference));
        QString status;
        if (!e.hasPrevious)
            status = tr("first evaluation");
        else if (e.changed())
            status = tr("changed since step %1").arg(e.previousStep);
        else
            status = tr("unchanged since step %1").arg(e.previousStep);
        html += QStringLiteral("<p><b>%1</b> <span style=\"color:gray;\">(%2)</span></p>").arg(escaped(tr("Answer")), escaped(status));
        html += block(shownAnswer(e.answer) != e.answer ? QStringLiteral("<i>%1</i>").arg(escaped(shownAnswer(e.answer)))
                                                        : escaped(e.answer));
        if (e.changed())
            html += QStringLiteral("<p><b>%1</b></p>").arg(escaped(tr("Changes since step %1").arg(e.previousStep))) +
                    block(answerDiffHtml(e.previous, e.answer));
    }
    m_view->setHtml(html);
}

void SampleAnswersWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SampleAnswersWidget::retranslate()
{
    m_title->setText(tr("Sample answers"));
    m_evaluationLabel->setText(tr("Evaluation:"));
    const int index = m_evaluation->currentIndex();
    fillCombo();
    {
        const QSignalBlocker block(m_evaluation);
        m_evaluation->setCurrentIndex(index);
    }
    render();
}

} // namespace hone::ui
