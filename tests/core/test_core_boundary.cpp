// The core library must stay GUI-free: a headless build (serve, worker) needs no Gui/Widgets/Charts.
// The link line is the firewall; this test backs it up by scanning every source under core/.

#include "tests/support/test_paths.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

class TestCoreBoundary final : public QObject
{
    Q_OBJECT
private slots:
    void coreIncludesNoGuiHeader()
    {
        const QString coreDir = routing::test::sourceDir() + QStringLiteral("/core");
        QVERIFY2(QFile::exists(coreDir), qPrintable(coreDir));
        static const QRegularExpression gui(QStringLiteral(
            "^\\s*#\\s*include\\s*[<\"](QtGui|QtWidgets|QtCharts|QWidget|QMainWindow|QDialog|QChart\\w*|"
            "QApplication|QGuiApplication|QPainter|QImage|QPixmap|QColor|QFont|QIcon|QAction)\\b"),
            QRegularExpression::MultilineOption);
        static const QRegularExpression guiLink(QStringLiteral("Qt6::(Gui|Widgets|Charts)"));
        int scanned = 0;
        QStringList offenders;
        QDirIterator it(coreDir, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (!it.fileInfo().isFile())
                continue;
            const bool source = path.endsWith(QLatin1String(".h")) || path.endsWith(QLatin1String(".cpp"));
            const bool cmake = path.endsWith(QLatin1String("CMakeLists.txt"));
            if (!source && !cmake)
                continue;
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            ++scanned;
            if ((source && gui.match(text).hasMatch()) || (cmake && guiLink.match(text).hasMatch()))
                offenders << path;
        }
        QVERIFY2(scanned > 10, "the scan found almost no core sources: wrong directory?");
        QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(QStringLiteral(", "))));
    }
};

QTEST_GUILESS_MAIN(TestCoreBoundary)
#include "test_core_boundary.moc"
