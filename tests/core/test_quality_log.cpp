#include "core/audit/quality_log.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace routing;

class TestQualityLog final : public QObject
{
    Q_OBJECT
private slots:
    void writesTheManualsLineFormat()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("logs/performance/performance.quality.log"));
        {
            QualityLog log(path);
            log.write(QualityLog::Level::Info, QStringLiteral("Quality evaluation started (cycle_123)"));
            log.write(QualityLog::Level::Warning, QStringLiteral("CV = 0.35 (threshold 0.3)\nsecond line"));
            log.write(QualityLog::Level::Error, QStringLiteral("Prediction failed for 메카니컬-씰-01 (timeout)"));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        static const QRegularExpression format(
            QStringLiteral("^\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\] (INFO|WARNING|ERROR|CRITICAL): .+$"));
        for (const QString &line : lines)
            QVERIFY2(format.match(line).hasMatch(), qPrintable(line));
        QVERIFY(lines[0].endsWith(QStringLiteral("] INFO: Quality evaluation started (cycle_123)")));
        QVERIFY(lines[1].endsWith(QStringLiteral("] WARNING: CV = 0.35 (threshold 0.3) second line")));
        QVERIFY(lines[2].endsWith(QStringLiteral("ERROR: Prediction failed for 메카니컬-씰-01 (timeout)")));
    }

    void rotatesBySize()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("q.log"));
        {
            QualityLog log(path, 4096, 2);
            for (int i = 0; i < 200; ++i)
                log.write(QualityLog::Level::Info, QString(60, u'x'));
        }
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("q.1.log"))));
        QVERIFY(QFileInfo(path).size() <= 4096);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("q.3.log"))));
    }
};

QTEST_GUILESS_MAIN(TestQualityLog)
#include "test_quality_log.moc"
