<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>routing::app</name>
    <message>
        <source>No configuration file found. Pass --config FILE.</source>
        <translation>설정 파일을 찾을 수 없습니다. --config FILE 을 지정하십시오.</translation>
    </message>
    <message>
        <source>Configuration error</source>
        <translation>설정 오류</translation>
    </message>
</context>
<context>
    <name>routing::ui::DemoBanner</name>
    <message>
        <source>DEMO DATA — generating the demo plant for the first launch (%1%). This console is not connected to your plant&apos;s ERP.</source>
        <translation>데모 데이터 — 첫 실행을 위해 데모 공장을 생성하는 중입니다 (%1%). 이 콘솔은 공장 ERP에 연결되어 있지 않습니다.</translation>
    </message>
    <message>
        <source>DEMO DATA — the demo plant could not be generated: %1</source>
        <translation>데모 데이터 — 데모 공장을 생성하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>DEMO DATA — generated demo plant, not your plant&apos;s ERP. Set database: in the configuration file to connect it.</source>
        <translation>데모 데이터 — 공장 ERP가 아닌 생성된 데모 공장입니다. 연결하려면 설정 파일의 database: 항목을 지정하십시오.</translation>
    </message>
</context>
<context>
    <name>routing::ui::MainWindow</name>
    <message>
        <source>Routing ML Operator Console</source>
        <translation>라우팅 ML 운영 콘솔</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>개요</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>Configured ERP database</source>
        <translation>설정된 ERP 데이터베이스</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>준비됨</translation>
    </message>
    <message>
        <source>Demo plant present</source>
        <translation>데모 공장 있음</translation>
    </message>
    <message>
        <source>Ready — demo data</source>
        <translation>준비됨 — 데모 데이터</translation>
    </message>
    <message>
        <source>Generating the demo plant…</source>
        <translation>데모 공장을 생성하는 중…</translation>
    </message>
    <message>
        <source>Demo plant generated on this launch</source>
        <translation>이번 실행에서 데모 공장을 생성했습니다</translation>
    </message>
    <message>
        <source>Demo plant generation failed</source>
        <translation>데모 공장 생성 실패</translation>
    </message>
</context>
<context>
    <name>routing::ui::OverviewPage</name>
    <message>
        <source>Data source</source>
        <translation>데이터 소스</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>데이터베이스:</translation>
    </message>
    <message>
        <source>Embedded demo plant (SQLite)</source>
        <translation>내장 데모 공장 (SQLite)</translation>
    </message>
    <message>
        <source>%1, %2 dialect</source>
        <translation>%1, %2 방언</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>위치:</translation>
    </message>
    <message>
        <source>Views:</source>
        <translation>뷰:</translation>
    </message>
    <message>
        <source>Actuals unit:</source>
        <translation>실적 단위:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>상태:</translation>
    </message>
    <message>
        <source>Configuration:</source>
        <translation>설정:</translation>
    </message>
    <message>
        <source>built-in defaults</source>
        <translation>기본 설정값</translation>
    </message>
    <message>
        <source>Quality thresholds</source>
        <translation>품질 임계값</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>지표</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>경고</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>심각</translation>
    </message>
    <message>
        <source>Clears at</source>
        <translation>해제 기준</translation>
    </message>
    <message>
        <source>MAE (minutes)</source>
        <translation>MAE (분)</translation>
    </message>
    <message>
        <source>Trimmed MAE (minutes)</source>
        <translation>절사 MAE (분)</translation>
    </message>
    <message>
        <source>Process match</source>
        <translation>공정 일치율</translation>
    </message>
    <message>
        <source>CV of actuals</source>
        <translation>실적 변동계수(CV)</translation>
    </message>
    <message>
        <source>Minimum operations per group: %1 · trimmed share: %2 % each end</source>
        <translation>그룹당 최소 작업 수: %1 · 절사 비율: 양쪽 끝 각 %2 %</translation>
    </message>
</context>
</TS>
