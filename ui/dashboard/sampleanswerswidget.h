#pragma once
// A language model's answers to the fixed validation prompts at one evaluation (metrics.jsonl
// "samples" records): the prompt, the reference answer when the data has one, the answer, and
// what changed since the previous evaluation (words added and removed). The evaluation is picked
// in a combo box that follows the newest one while a run trains, unless the user chose another.
#include "core/runs/runrecords.h"

#include <QList>
#include <QString>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QTextBrowser;

namespace hone::ui {

// The words of `after` marked against `before`: kept ones plain, added ones highlighted, removed
// ones struck through; HTML, escaped. Words are runs of letters and digits; every other character
// (spaces, punctuation, each CJK character) is a word of its own.
QString answerDiffHtml(const QString &before, const QString &after);

// An answer as the panels show it: said to be empty, or to be only spaces and line breaks (a young
// model's usual first answers), rather than shown as blank space.
QString shownAnswer(const QString &answer);
// Where a sample prompt comes from, with the data file's folder left out ("train.json: record 3").
QString shownOrigin(const QString &origin);

class SampleAnswersWidget : public QWidget {
    Q_OBJECT
public:
    explicit SampleAnswersWidget(QWidget *parent = nullptr);

    // Every evaluation's answers, in file order; keeps the chosen evaluation unless it was the newest.
    void setSamples(const std::vector<hone::SampleAnswers> &samples);
    void clear();

    int evaluationCount() const;
    int currentEvaluation() const; // index into the samples given, -1 when there are none
    void setCurrentEvaluation(int index);

    // What the panel shows for the current evaluation, one entry per prompt.
    struct Entry {
        QString origin;
        QString prompt;
        QString reference;
        QString answer;
        bool hasPrevious = false; // an earlier evaluation answered the same prompt
        QString previous;         // its answer
        std::int64_t previousStep = 0;
        bool changed() const { return hasPrevious && previous != answer; }
    };
    QList<Entry> entries() const;
    QString plainText() const; // the panel's text as shown
    QComboBox *evaluationCombo() const { return m_evaluation; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void fillCombo();
    void render();

    std::vector<hone::SampleAnswers> m_samples;
    QLabel *m_title = nullptr;
    QLabel *m_evaluationLabel = nullptr;
    QComboBox *m_evaluation = nullptr;
    QTextBrowser *m_view = nullptr;
    bool m_followLatest = true;
};

} // namespace hone::ui
