// Drives the real routing-console executable as an operator or a script would.

#include "tests/support/test_paths.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

/// Runs the console in an English system locale (without --lang it follows the system's, as the
/// window does), unless `locale` names another.
Run run(const QStringList &args, const QString &workDir = {},
        const QString &locale = QStringLiteral("C.UTF-8"))
{
    QProcess p;
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("ROUTING_CONSOLE_CONFIG"));
    env.remove(QStringLiteral("LANGUAGE"));
    env.insert(QStringLiteral("LC_ALL"), locale);
    env.insert(QStringLiteral("LANG"), locale);
    p.setProcessEnvironment(env);
    p.start(routing::test::consoleBinary(), args);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

bool hasHangul(const QString &text)
{
    return std::any_of(text.begin(), text.end(),
                       [](QChar c) { return c.unicode() >= 0xAC00 && c.unicode() <= 0xD7A3; });
}

QString writeConfig(const QTemporaryDir &dir, const QByteArray &extra = {})
{
    const QString path = dir.filePath(QStringLiteral("config/iter_training.yaml"));
    QDir().mkpath(dir.filePath(QStringLiteral("config")));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write("paths: {base_dir: ..}\ndatabase: {demo_items: 120, demo_seed: 7}\n" + extra);
    return path;
}

} // namespace

class TestCli final : public QObject
{
    Q_OBJECT
private slots:
    void versionAndHelp()
    {
        const Run v = run({QStringLiteral("--version")});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.out.startsWith(QStringLiteral("routing-console ")));
#ifdef ROUTING_SQLITE_TUNING
        // main() tuned the SQLite library before anything opened a file (sqlite_library.h).
        QVERIFY2(v.out.contains(QStringLiteral("\nSQLite 3.")) &&
                     v.out.contains(QStringLiteral(": memory statistics off\n")),
                 qPrintable(v.out));
#else
        QVERIFY2(v.out.contains(QStringLiteral("\nSQLite not tuned: ")), qPrintable(v.out));
#endif
        const Run h = run({QStringLiteral("--help")});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains(QStringLiteral("check-config")));
        QVERIFY(h.out.contains(QStringLiteral("Exit codes")));
        QVERIFY(h.out.contains(QStringLiteral("\n  rollback ")));
        QVERIFY(!h.out.contains(QStringLiteral("\n  worker "))); // internal, still runnable
        const Run sub = run({QStringLiteral("init-demo"), QStringLiteral("--help")});
        QCOMPARE(sub.exitCode, 0);
        QVERIFY(sub.out.contains(QStringLiteral("--items")));
    }

    void usageErrorsExitFour()
    {
        const Run unknown = run({QStringLiteral("frobnicate")});
        QCOMPARE(unknown.exitCode, 4);
        QVERIFY(unknown.err.contains(QStringLiteral("unknown command 'frobnicate'")));
        const Run badOpt = run({QStringLiteral("init-demo"), QStringLiteral("--items"), QStringLiteral("lots")});
        QCOMPARE(badOpt.exitCode, 4);
        QVERIFY(badOpt.err.contains(QStringLiteral("--items must be an integer")));
        const Run badLang = run({QStringLiteral("--lang"), QStringLiteral("fr"), QStringLiteral("check-config")});
        QCOMPARE(badLang.exitCode, 4);
    }

    void helpAndMessagesInKorean()
    {
        const QString ko = QStringLiteral("ko");
        const Run h = run({QStringLiteral("--lang"), ko, QStringLiteral("--help")});
        QCOMPARE(h.exitCode, 0);
        QVERIFY2(h.out.contains(QStringLiteral("\n명령:\n")), qPrintable(h.out));
        QVERIFY(h.out.contains(QStringLiteral("종료 코드")));
        QVERIFY(!h.out.contains(QStringLiteral("Exit codes")));
        // Command names stay; the summaries (a table built once) are translated when printed.
        QVERIFY(h.out.contains(QStringLiteral("\n  rollback ")));
        QVERIFY2(h.out.contains(QStringLiteral("현재 버전 이전에 활성이던 버전으로 롤백합니다")),
                 qPrintable(h.out));
        QVERIFY(!h.out.contains(QStringLiteral("Go back to the version")));

        // A command's help, with --lang after the command: summary and option descriptions.
        const Run sub = run(
            {QStringLiteral("init-demo"), QStringLiteral("--help"), QStringLiteral("--lang"), ko});
        QCOMPARE(sub.exitCode, 0);
        QVERIFY2(sub.out.startsWith(QStringLiteral("사용법: routing-console init-demo")),
                 qPrintable(sub.out));
        QVERIFY(sub.out.contains(QStringLiteral("내장 SQLite 데모 공장을 생성합니다.")));
        QVERIFY(sub.out.contains(QStringLiteral("--items")));
        QVERIFY(sub.out.contains(QStringLiteral("기존 파일을 교체합니다.")));

        // Usage errors: exit 4, in Korean, the values quoted as given.
        const Run bad = run({QStringLiteral("--lang=ko"), QStringLiteral("init-demo"),
                             QStringLiteral("--items"), QStringLiteral("lots")});
        QCOMPARE(bad.exitCode, 4);
        QVERIFY2(bad.err.contains(QStringLiteral(
                     "routing-console init-demo: --items 는 [10, 1000000] 범위의 정수여야 합니다 "
                     "(입력값: 'lots')")),
                 qPrintable(bad.err));
        const Run unknown = run({QStringLiteral("--lang"), ko, QStringLiteral("frobnicate")});
        QCOMPARE(unknown.exitCode, 4);
        QVERIFY2(unknown.err.contains(QStringLiteral("알 수 없는 명령 'frobnicate'")),
                 qPrintable(unknown.err));

        // The version line is for scripts and stays as it is.
        const Run v = run({QStringLiteral("--lang"), ko, QStringLiteral("--version")});
        QVERIFY(v.out.startsWith(QStringLiteral("routing-console ")));
    }

    void englishWithLangEnAndByDefault()
    {
        const QString en = QStringLiteral("en");
        // --lang en wins over a Korean system locale.
        const QString korean = QStringLiteral("ko_KR.UTF-8");
        const Run h = run({QStringLiteral("--lang"), en, QStringLiteral("--help")}, {}, korean);
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains(QStringLiteral("\nCommands:\n")));
        QVERIFY2(!hasHangul(h.out), qPrintable(h.out));
        const Run bad = run({QStringLiteral("init-demo"), QStringLiteral("--items"),
                             QStringLiteral("lots"), QStringLiteral("--lang"), en},
                            {}, korean);
        QCOMPARE(bad.exitCode, 4);
        QVERIFY2(bad.err.contains(QStringLiteral("--items must be an integer in [10, 1000000], "
                                                 "not 'lots'")),
                 qPrintable(bad.err));
        QVERIFY(!hasHangul(bad.err));
        // Without --lang: the system's language, like the window.
        QVERIFY(!hasHangul(run({QStringLiteral("--help")}).out));
        QVERIFY(hasHangul(run({QStringLiteral("--help")}, {}, korean).out));
    }

    void checkConfigAcceptsShippedAndRefusesBroken()
    {
        const QString shipped = routing::test::sourceDir() + QStringLiteral("/config/iter_training.yaml");
        const Run ok = run({QStringLiteral("check-config"), shipped});
        QCOMPARE(ok.exitCode, 0);
        QVERIFY(ok.out.contains(QStringLiteral("is valid")));

        QTemporaryDir dir;
        const QString broken = dir.filePath(QStringLiteral("broken.yaml"));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("queue:\n  max_size: 3\n  cooldown_hour: 24\nthresholds:\n  trim_ratio: 0.9\n");
        f.close();
        const Run bad = run({QStringLiteral("check-config"), broken});
        QCOMPARE(bad.exitCode, 4);
        QVERIFY2(bad.err.contains(QStringLiteral("broken.yaml:3:3: unknown key 'cooldown_hour' in 'queue' "
                                                 "(did you mean 'cooldown_hours'?)")), qPrintable(bad.err));
        QVERIFY2(bad.err.contains(QStringLiteral("broken.yaml:5:15: thresholds.trim_ratio: 0.9 is out of range; "
                                                 "allowed [0, 0.49]")), qPrintable(bad.err));

        const Run missing = run({QStringLiteral("check-config"), dir.filePath(QStringLiteral("nope.yaml"))});
        QCOMPARE(missing.exitCode, 4);

        // --json, for scripts: the same verdict and every problem, one per entry.
        const Run okJson = run({QStringLiteral("check-config"), QStringLiteral("--json"), shipped});
        QCOMPARE(okJson.exitCode, 0);
        const QJsonObject good = QJsonDocument::fromJson(okJson.out.toUtf8()).object();
        QCOMPARE(good.value(QStringLiteral("valid")).toBool(), true);
        QVERIFY(good.value(QStringLiteral("database")).toObject().contains(QStringLiteral("dialect")));
        const Run badJson = run({QStringLiteral("check-config"), QStringLiteral("--json"), broken});
        QCOMPARE(badJson.exitCode, 4);
        const QJsonObject refused = QJsonDocument::fromJson(badJson.out.toUtf8()).object();
        QCOMPARE(refused.value(QStringLiteral("valid")).toBool(), false);
        const QJsonArray problems = refused.value(QStringLiteral("problems")).toArray();
        QVERIFY2(problems.size() >= 2, qPrintable(badJson.out));
        QVERIFY(problems.first().toString().contains(QStringLiteral("broken.yaml:")));
    }

    void initDemoWritesAPlantAndAudits()
    {
        QTemporaryDir dir;
        const QString config = writeConfig(dir);
        const QString out = dir.filePath(QStringLiteral("x.db"));
        const Run gen = run({QStringLiteral("--config"), config, QStringLiteral("init-demo"), QStringLiteral("--items"),
                             QStringLiteral("150"), QStringLiteral("--out"), out, QStringLiteral("--end-date"),
                             QStringLiteral("2026-06-30")});
        QVERIFY2(gen.exitCode == 0, qPrintable(gen.err));
        QVERIFY(gen.out.contains(QStringLiteral("items 150")));
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("cli"));
            db.setDatabaseName(out);
            QVERIFY(db.open());
            QSqlQuery q(QStringLiteral("SELECT COUNT(*) FROM BI_ITEM_INFO_VIEW"), db);
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 150);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("cli"));

        // A second run refuses to overwrite without --force, and --if-missing is a no-op.
        const Run again = run({QStringLiteral("--config"), config, QStringLiteral("init-demo"), QStringLiteral("--out"), out});
        QCOMPARE(again.exitCode, 4);
        QVERIFY(again.err.contains(QStringLiteral("--force")));
        const Run ifMissing = run({QStringLiteral("--config"), config, QStringLiteral("init-demo"),
                                   QStringLiteral("--out"), out, QStringLiteral("--if-missing")});
        QCOMPARE(ifMissing.exitCode, 0);
        QVERIFY(ifMissing.out.contains(QStringLiteral("already there")));

        QFile audit(dir.filePath(QStringLiteral("data/audit/audit.jsonl")));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        const auto line = QJsonDocument::fromJson(audit.readLine());
        QCOMPARE(line[QStringLiteral("action")].toString(), QStringLiteral("demo.generate"));
        QCOMPARE(line[QStringLiteral("target")].toString(), out);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("logs/console.log"))));
    }

    void initDemoIfMissingUsesConfiguredSize()
    {
        QTemporaryDir dir;
        const QString config = writeConfig(dir);
        const Run gen = run({QStringLiteral("--config"), config, QStringLiteral("init-demo"), QStringLiteral("--if-missing")});
        QVERIFY2(gen.exitCode == 0, qPrintable(gen.err));
        QVERIFY2(gen.out.contains(QStringLiteral("items 120")), qPrintable(gen.out));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("data/demo_plant.db"))));
    }

    void initDemoUnwritableTargetFailsCleanly()
    {
        QTemporaryDir dir;
        const QString config = writeConfig(dir);
        const Run gen = run({QStringLiteral("--config"), config, QStringLiteral("init-demo"), QStringLiteral("--out"),
                             QStringLiteral("/proc/forbidden/x.db")});
        QCOMPARE(gen.exitCode, 3);
        QVERIFY2(gen.err.contains(QStringLiteral("/proc/forbidden")), qPrintable(gen.err));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
