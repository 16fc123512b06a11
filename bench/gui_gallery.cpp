// Screenshots of the dashboard, the compare view, the export dialog and the playground, filled
// from the fixture runs (tests/data/runs), in English or Chinese: for looking at layout and
// legibility (run under Xvfb for real fonts and style).
//
//   DISPLAY=:98 gui_gallery --runs tests/data/runs --out /tmp/gallery [--lang zh_CN] [--model RUN_OR_MODEL_DIR]
#include "ui/dashboard/confusionmatrixwidget.h"
#include "ui/dashboard/dashboardwidget.h"
#include "ui/dialogs/exportdialog.h"
#include "ui/languagemanager.h"
#include "ui/playground/playgroundwidget.h"
#include "ui/runs/comparewidget.h"
#include "ui/widgets/confusionheatmap.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace hone::ui;

namespace {

void settle(int ms = 400)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

void save(QWidget *w, const QDir &out, const QString &name)
{
    settle();
    const QString file = out.filePath(name + QStringLiteral(".png"));
    w->grab().save(file);
    std::printf("%s\n", qPrintable(file));
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("hone"));
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("folder of fixture runs"), QStringLiteral("dir"));
    QCommandLineOption out(QStringLiteral("out"), QStringLiteral("where the PNGs go"), QStringLiteral("dir"), QStringLiteral("."));
    QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("en or zh_CN"), QStringLiteral("lang"), QStringLiteral("en"));
    QCommandLineOption model(QStringLiteral("model"), QStringLiteral("a run or model folder for the playground"), QStringLiteral("dir"));
    QCommandLineOption show(QStringLiteral("show"), QStringLiteral("only this run folder (followed while it is written), shot after --wait ms"),
                            QStringLiteral("dir"));
    QCommandLineOption wait(QStringLiteral("wait"), QStringLiteral("milliseconds to follow --show before the shot"), QStringLiteral("ms"),
                            QStringLiteral("3000"));
    parser.addOptions({runs, out, lang, model, show, wait});
    parser.process(app);
    LanguageManager languages;
    languages.apply(parser.value(lang));
    const QDir root(parser.value(runs));
    QDir outDir(parser.value(out));
    outDir.mkpath(QStringLiteral("."));
    const QString suffix = QLatin1Char('-') + parser.value(lang);

    if (parser.isSet(show)) {
        DashboardWidget dashboard;
        dashboard.resize(1500, 920);
        dashboard.show();
        dashboard.showRun(parser.value(show));
        settle(parser.value(wait).toInt());
        std::printf("following: %s\n", dashboard.isFollowing() ? "yes" : "no");
        save(&dashboard, outDir, QStringLiteral("dashboard-show") + suffix);
        return 0;
    }

    {
        DashboardWidget dashboard;
        dashboard.resize(1500, 920);
        dashboard.show();
        dashboard.showRun(root.filePath(QStringLiteral("sms-lr5e-5")));
        ConfusionHeatmap *heatmap = dashboard.confusionMatrix()->heatmap();
        settle();
        QTest::mouseClick(heatmap, Qt::LeftButton, Qt::NoModifier, heatmap->cellRect(1, 0).center());
        save(&dashboard, outDir, QStringLiteral("dashboard-finished") + suffix);
        dashboard.showRun(root.filePath(QStringLiteral("intent-canceled")));
        dashboard.confusionMatrix()->setNormalized(true);
        dashboard.confusionMatrix()->selectCell(2, 2);
        save(&dashboard, outDir, QStringLiteral("dashboard-canceled") + suffix);
        dashboard.resize(1100, 700);
        save(&dashboard, outDir, QStringLiteral("dashboard-small") + suffix);
    }
    {
        CompareWidget compare;
        compare.resize(1400, 900);
        compare.show();
        compare.setRunsRoot(root.path());
        compare.setRuns({root.filePath(QStringLiteral("sms-lr5e-5")), root.filePath(QStringLiteral("sms-lr1e-4")),
                         root.filePath(QStringLiteral("intent-canceled"))});
        save(&compare, outDir, QStringLiteral("compare-metrics") + suffix);
        auto *tabs = compare.findChild<QTabWidget *>();
        tabs->setCurrentIndex(1);
        compare.setCurve(CompareWidget::Curve::TrainingLoss);
        save(&compare, outDir, QStringLiteral("compare-config") + suffix);
        tabs->setCurrentIndex(2);
        save(&compare, outDir, QStringLiteral("compare-confusion") + suffix);
    }
    {
        // As in the main window: filled while hidden behind another page, then shown.
        QStackedWidget stack;
        auto *compare = new CompareWidget;
        stack.addWidget(new QWidget);
        stack.addWidget(compare);
        stack.resize(1400, 900);
        stack.show();
        compare->setRunsRoot(root.path());
        settle(200);
        stack.setCurrentWidget(compare);
        save(&stack, outDir, QStringLiteral("compare-stacked-empty") + suffix);
        compare->setRuns({root.filePath(QStringLiteral("sms-lr5e-5")), root.filePath(QStringLiteral("sms-lr1e-4"))});
        save(&stack, outDir, QStringLiteral("compare-stacked") + suffix);
    }
    {
        ExportDialog dialog;
        dialog.setRunsRoot(root.path());
        dialog.setRun(root.filePath(QStringLiteral("sms-lr5e-5")));
        dialog.show();
        save(&dialog, outDir, QStringLiteral("export") + suffix);
    }
    {
        PlaygroundWidget playground;
        playground.resize(900, 700);
        playground.show();
        if (parser.isSet(model)) {
            QEventLoop loop;
            QObject::connect(&playground, &PlaygroundWidget::modelLoaded, &loop, &QEventLoop::quit);
            playground.setModel(parser.value(model));
            loop.exec();
            QObject::connect(&playground, &PlaygroundWidget::textPredicted, &loop, &QEventLoop::quit);
            playground.setText(QStringLiteral("WINNER!! You have been selected to receive a £900 prize reward. Call now to claim."));
            loop.exec();
        }
        save(&playground, outDir, QStringLiteral("playground") + suffix);
    }
    return 0;
}
